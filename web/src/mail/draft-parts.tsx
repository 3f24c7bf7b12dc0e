/**
 * What the new-message form and the reply form share: sending a draft once (its key kept across retries,
 * `draft.ts`), the text with its diary's limit shown (and «Отправить» held back while the text is over it), the
 * files where the diary takes them, and a failure in words with the way to «Отправленные» when the message may
 * have gone.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { ProviderKind } from '@diary-gateway/client';
import { useLanguage, useText } from '../i18n.js';
import { StatusLine } from '../manage/parts.js';
import { providerName } from '../providers.js';
import { createDraft } from './draft.js';
import { sentLength, type DraftProblem } from './draft-check.js';
import { FILE_LIMITS } from './files.js';
import { mailHash } from './mail-route.js';
import { draftProblemText, remainingText, sendFailure, textTooLongText, type SendFailure } from './mail-words.js';

const TEXT = {
  ru: {
    text: 'Текст',
    files: 'Файлы (необязательно)',
    filesHint: (count: number, kib: string) => `Не больше ${count} файлов, каждый до ${kib} КБ.`,
    noFiles: (diary: string) => `${diary} не принимает файлы в сообщениях.`,
    remove: 'Убрать',
    sending: 'Отправляем…',
    cancel: 'Отмена',
    lookInSent: 'Открыть «Отправленные»',
  },
  en: {
    text: 'Text',
    files: 'Files (optional)',
    filesHint: (count: number, kib: string) => `At most ${count} files, each at most ${kib} KB.`,
    noFiles: (diary: string) => `${diary} does not take files with messages.`,
    remove: 'Remove',
    sending: 'Sending…',
    cancel: 'Cancel',
    lookInSent: 'Open «Sent»',
  },
};

/** A draft's sending: one key per draft, whether it runs, and why it failed last. */
export interface DraftSend {
  readonly running: boolean;
  readonly failure: SendFailure | null;
  /** Something to fix before sending, said like a failure. */
  readonly problem: string | null;
  /** Sends with the draft's key; `onSent` gets the answer. A second press while it runs joins the first. */
  send<T>(provider: ProviderKind, attempt: (clientKey: string) => Promise<T>, onSent: (result: T) => void): void;
  /** Shows `problem` (in words) instead of sending. */
  refuse(problem: DraftProblem): void;
  /** `set`, forgetting the last failure first: what a field of the draft calls when the parent changes it. */
  readonly edited: <T>(set: (value: T) => void) => (value: T) => void;
}

/** The sending of one draft, for the form's lifetime (a new form is a new draft, with a new key). */
export function useDraftSend(): DraftSend {
  const language = useLanguage();
  // Made once, on the form's first render: its key lasts the draft's life.
  const [draft] = useState(() => createDraft());
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<SendFailure | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // The state above lags one render: a second press in the same frame must not start a second attempt (the
  // draft would join it, but its answer would be taken twice).
  const busy = useRef(false);
  return {
    running,
    failure,
    problem,
    send(provider, attempt, onSent) {
      if (busy.current) return;
      busy.current = true;
      setFailure(null);
      setProblem(null);
      setRunning(true);
      draft
        .send(attempt)
        .then(
          (result) => onSent(result),
          (error: unknown) => setFailure(sendFailure(error, provider, language)),
        )
        .finally(() => {
          busy.current = false;
          setRunning(false);
        });
    },
    refuse(found) {
      setFailure(null);
      setProblem(draftProblemText(found, language));
    },
    edited: (set) => (value) => {
      setFailure(null);
      setProblem(null);
      set(value);
    },
  };
}

/**
 * The form's «Отправить» (`sendLabel`; «Отправляем…» while it runs) and «Отмена», then why it was not sent.
 * `heldBy`: the id of what says why the draft cannot go now (a text over its limit): «Отправить» is off, and
 * described by it.
 */
export function DraftActions(props: {
  send: DraftSend;
  sendLabel: string;
  onCancel: () => void;
  heldBy?: string | null;
}) {
  const text = useText(TEXT);
  const held = Boolean(props.heldBy);
  return (
    <>
      <div class="manage-actions">
        <button
          type="submit"
          class="button button--primary"
          disabled={props.send.running || held}
          aria-describedby={props.heldBy ?? undefined}
        >
          {props.send.running ? text.sending : props.sendLabel}
        </button>
        <button type="button" class="button" onClick={props.onCancel}>
          {text.cancel}
        </button>
      </div>
      <DraftFailure send={props.send} />
    </>
  );
}

/** What {@link useFocusAfterClose} gives. */
export type FocusAfterClose = ReturnType<typeof useFocusAfterClose>;

/**
 * What was sent (a polite live line, which takes the focus after a send) and the button that opens a draft's
 * form (`label`, when `show`); both place the focus through `focus`.
 */
export function DraftOpener(props: {
  focus: FocusAfterClose;
  told: string | null;
  label: string;
  show: boolean;
  onOpen: () => void;
}) {
  return (
    <>
      <div ref={props.focus.status} tabIndex={-1} class="mail-status">
        <StatusLine message={props.told} />
      </div>
      {props.show ? (
        <div class="manage-actions mail-opener">
          <button type="button" ref={props.focus.trigger} class="button button--primary" onClick={props.onOpen}>
            {props.label}
          </button>
        </div>
      ) : null}
    </>
  );
}

/**
 * Where the focus goes when a form under a button closes: back to the button that opened it (cancelled), or to
 * the line that says what was sent. `closing(target)` is called just before the form is closed.
 */
export function useFocusAfterClose(open: boolean) {
  const trigger = useRef<HTMLButtonElement>(null);
  const status = useRef<HTMLDivElement>(null);
  const next = useRef<'trigger' | 'status' | null>(null);
  useEffect(() => {
    if (open) return;
    if (next.current === 'trigger') trigger.current?.focus();
    if (next.current === 'status') status.current?.focus();
    next.current = null;
  }, [open]);
  return {
    trigger,
    status,
    closing(target: 'trigger' | 'status') {
      next.current = target;
    },
  };
}

/** Why the draft was not sent (an alert, in the page from the start so it is announced), with «Отправленные» when it may have gone. */
function DraftFailure(props: { send: DraftSend }) {
  const text = useText(TEXT);
  const { failure, problem } = props.send;
  const message = problem ?? failure?.message ?? null;
  return (
    <div class={message ? 'notice notice--error manage-error' : 'manage-error--empty'} role="alert">
      {message ? <p class="manage-tight">{message}</p> : null}
      {failure?.lookInSent ? (
        <a class="manage-link" href={mailHash({ folder: 'sent', openId: null })}>
          {text.lookInSent}
        </a>
      ) : null}
    </div>
  );
}

/**
 * The message's text, with how much more its diary takes said under it (`limit`: `textLimit`, draft-check.ts),
 * counted as it is sent (without the spaces at its ends). A text over the limit is kept whole, never cut (a
 * pasted letter must not lose its end unseen): a polite status under it, `overId`, says once why it cannot go,
 * and the form holds «Отправить» back by it ({@link DraftActions}).
 */
export function DraftText(props: {
  value: string;
  onInput: (value: string) => void;
  label?: string;
  limit: number;
  provider: ProviderKind;
  overId: string;
}) {
  const text = useText(TEXT);
  const language = useLanguage();
  const id = useId();
  const length = sentLength(props.value);
  const over = length > props.limit;
  return (
    <>
      <label for={id}>{props.label ?? text.text}</label>
      <textarea
        id={id}
        rows={6}
        aria-describedby={`${id}-left ${props.overId}`}
        aria-invalid={over ? 'true' : undefined}
        value={props.value}
        onInput={(event) => props.onInput(event.currentTarget.value)}
      />
      <p id={`${id}-left`} class={over ? 'manage-hint manage-hint--bad' : 'manage-hint'}>
        {remainingText(length, props.limit, language)}
      </p>
      {/* In the page from the start, empty until the text is over: a screen reader is told when it goes over. */}
      <p id={props.overId} role="status" class={over ? 'notice notice--error' : 'manage-error--empty'}>
        {over ? textTooLongText(props.provider, props.limit, language) : null}
      </p>
    </>
  );
}

/** The files to send, where the diary takes them; where it does not, a sentence saying so. */
export function DraftFiles(props: {
  provider: ProviderKind;
  takesFiles: boolean;
  files: readonly File[];
  onChange: (files: File[]) => void;
}) {
  const text = useText(TEXT);
  const language = useLanguage();
  const id = useId();
  if (!props.takesFiles) return <p class="manage-hint">{text.noFiles(providerName(props.provider, language))}</p>;
  return (
    <>
      <label for={id}>{text.files}</label>
      <input
        id={id}
        type="file"
        multiple
        aria-describedby={`${id}-hint`}
        onChange={(event) => {
          const input = event.currentTarget;
          props.onChange([...props.files, ...Array.from(input.files ?? [])]);
          // Emptied, so the same file can be chosen again after «Убрать».
          input.value = '';
        }}
      />
      <p id={`${id}-hint`} class="manage-hint">
        {text.filesHint(FILE_LIMITS.count, String(FILE_LIMITS.bytes / 1024))}
      </p>
      {props.files.length > 0 ? (
        <ul class="mail-files">
          {props.files.map((file, index) => (
            <li key={`${file.name}-${index}`}>
              <span class="mail-files__name">{file.name}</span>
              <button
                type="button"
                class="link-button"
                onClick={() => props.onChange(props.files.filter((_, at) => at !== index))}
              >
                {text.remove}
                <span class="visually-hidden"> {file.name}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
