/** Captures pino output in memory, to assert what reaches (and what never reaches) the logs. */
import { Writable } from 'node:stream';

export function captureLogs(): { stream: Writable; text: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { stream, text: () => lines.join('') };
}
