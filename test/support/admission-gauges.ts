/**
 * Waiting on a test gateway's admission gauges (`diary_gateway_executions_in_flight` and `…_queued`), so a
 * test steps when the gateway is where it needs it, never after a guessed delay.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestGateway } from './gateway.js';
import { metricValue } from './metrics.js';

/** Resolves once the gauges read `inFlight` and `queued`; rejects after about ten seconds of reading. */
export async function admissionGaugesReach(target: TestGateway, inFlight: number, queued: number): Promise<void> {
  const read = (name: string) => metricValue(target.gateway.metrics, name, {});
  for (let attempt = 0; attempt < 400; attempt++) {
    if (
      (await read('diary_gateway_executions_in_flight')) === inFlight &&
      (await read('diary_gateway_executions_queued')) === queued
    )
      return;
    await sleep(25);
  }
  throw new Error(`the gauges never read ${inFlight} in flight and ${queued} queued`);
}
