/**
 * Entry point of the standalone demo upstreams (`npm run demo:upstreams`, and the `demo-upstreams` service
 * of compose.yaml): the demo's diary simulators and sign-in issuer on fixed ports, for gateways started
 * with `DEMO=off` (see `demo-upstreams.ts`; settings in `upstreams-settings.ts`). Prints what a newcomer
 * types, then serves until SIGTERM or SIGINT. An entry point like `src/main.ts`: nothing imports it.
 */
import { startDemoUpstreams } from './demo-upstreams.js';
import { renderGuide } from './upstreams-guide.js';
import { loadUpstreamsSettings, UpstreamsSettingsError } from './upstreams-settings.js';

async function main(): Promise<void> {
  let settings;
  try {
    settings = loadUpstreamsSettings();
  } catch (error) {
    if (error instanceof UpstreamsSettingsError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const upstreams = await startDemoUpstreams(settings, {
    onIssuerFailure: (error) =>
      process.stderr.write(`demo issuer failed a request: ${error instanceof Error ? error.stack : String(error)}\n`),
  });
  process.stdout.write(renderGuide(upstreams.guide(), upstreams.guideUrl));

  const shutdown = () => {
    upstreams.dispose().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`demo upstreams: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo upstreams failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
