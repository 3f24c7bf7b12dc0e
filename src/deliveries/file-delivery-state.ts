/**
 * The delivery state of the embedded default (one gateway process on the file store): each transport's
 * in-process state, saved to one JSON file beside the store file (`<store>.deliveries.json`), so a restart
 * neither sends every target's changes again nor forgets their attempt logs.
 *
 * As with the change state (`src/changes/file-change-state.ts`), a change does not wait for the disk: the
 * file is written a short while after it (`writeDelayMs`, coalescing) and at `close()`, atomically. A crash
 * loses at most that short while, so a change delivered just before it may be delivered again after the
 * restart, with the same idempotency key (docs/webhooks.md: at least once). Leases stay in memory.
 *
 * A file that is not a delivery state of this version is moved aside with a warning and the state starts
 * empty: targets then start again at the newest change, as a new target does.
 */
import { mkdir, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../logging/logger.js';
import { removeTemporaryFiles } from '../store/atomic-file.js';
import { sideFileFor, sideFileWriter } from '../store/side-file.js';
import { DeliveryError } from './delivery-error.js';
import {
  createMemoryDeliveryState,
  type DeliveryStateDocument,
  type MemoryDeliveryState,
} from './memory-delivery-state.js';
import type { DeliveryState, DeliveryStateLimits } from './ports.js';

const VERSION = 1;

const progressSchema = z.object({
  cursor: z.string().nullable(),
  failures: z.number().int().min(0),
  failingSince: z.number().nullable(),
  nextAttemptAt: z.number(),
  lastDeliveredAt: z.number().nullable(),
});
const attemptSchema = z.object({
  id: z.string(),
  changeId: z.string(),
  attempt: z.number().int(),
  at: z.number(),
  outcome: z.enum(['DELIVERED', 'FAILED', 'GONE']),
  status: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
});
const documentSchema = z.object({
  version: z.literal(VERSION),
  transports: z.record(
    z.string(),
    z.object({
      progress: z.array(z.tuple([z.string(), progressSchema])),
      attempts: z.array(z.tuple([z.string(), z.array(attemptSchema)])),
    }),
  ),
});

/** Where the delivery state of the store file `storeFile` lives: `/data/store.json` → `/data/store.deliveries.json`. */
export function deliveryStateFileFor(storeFile: string): string {
  return sideFileFor(storeFile, 'deliveries');
}

/** Options of {@link openFileDeliveryState}. */
export interface FileDeliveryStateOptions extends DeliveryStateLimits {
  logger: Logger;
  now?: () => number;
  /** @default 1000 */
  writeDelayMs?: number;
}

/** The delivery states of one process, one per transport, saved to one file. */
export interface FileDeliveryStates {
  /** The state of one transport's targets (made on first use). */
  forTransport(name: string): DeliveryState;
  /** Writes what is not written yet and stops writing. */
  close(): Promise<void>;
}

/**
 * Opens (or creates) the delivery state file at `path`.
 * @throws DeliveryError `DELIVERY_FILE_UNUSABLE` when it exists but cannot be read, or a new one cannot be written.
 */
export async function openFileDeliveryState(
  path: string,
  options: FileDeliveryStateOptions,
): Promise<FileDeliveryStates> {
  const { logger } = options;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const leftovers = await removeTemporaryFiles(path);
  if (leftovers.length > 0)
    logger.warn(
      { file: path, leftovers },
      'removed unfinished writes of the delivery state file (a crash while writing)',
    );
  const loaded = await load(path, logger);
  const states = new Map<string, MemoryDeliveryState>();
  const document = () => ({
    version: VERSION,
    transports: Object.fromEntries([...states].map(([name, state]) => [name, state.toDocument()])),
  });
  const writer = sideFileWriter({
    path,
    document,
    delayMs: options.writeDelayMs ?? 1_000,
    logger,
    what: 'delivery state',
  });
  const changed = () => writer.changed();

  if (loaded === null) {
    try {
      await writer.writeOnce();
    } catch (error) {
      throw new DeliveryError(
        'DELIVERY_FILE_UNUSABLE',
        `The delivery state file ${path} cannot be written: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  return {
    forTransport(name) {
      let state = states.get(name);
      if (!state) {
        const initial: DeliveryStateDocument | undefined = loaded?.transports[name];
        state = createMemoryDeliveryState({
          ...(options.now ? { now: options.now } : {}),
          maxAttempts: options.maxAttempts,
          attemptRetentionMs: options.attemptRetentionMs,
          onChange: changed,
          ...(initial ? { initial } : {}),
        });
        states.set(name, state);
      }
      return state;
    },
    close: () => writer.close(),
  };
}

async function load(path: string, logger: Logger): Promise<z.infer<typeof documentSchema> | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new DeliveryError(
      'DELIVERY_FILE_UNUSABLE',
      `The delivery state file ${path} cannot be read: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  let parsed: ReturnType<typeof documentSchema.safeParse>;
  try {
    parsed = documentSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = { success: false } as ReturnType<typeof documentSchema.safeParse>;
  }
  if (parsed.success) return parsed.data;
  const aside = `${path}.quarantine-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  await rename(path, aside);
  logger.warn(
    { file: path, quarantine: aside },
    'the delivery state file was malformed and was moved aside; deliveries start at the newest change',
  );
  return null;
}
