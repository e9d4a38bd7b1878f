/** A log destination for a gateway under test: keeps every line, parsed, and the raw text for secret searches. */
import { Writable } from 'node:stream';

export interface LogCapture {
  readonly sink: Writable;
  /** Every JSON line written so far. */
  readonly lines: Record<string, unknown>[];
  text(): string;
}

export function captureLogs(): LogCapture {
  let text = '';
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _e, cb) {
      text += String(chunk);
      for (const line of String(chunk).split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  return { sink, lines, text: () => text };
}
