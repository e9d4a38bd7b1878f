/** `gatea demo` flags: a fixed default port so a client configured once keeps working (issue 10). */
import { describe, expect, it } from 'vitest';
import { DEMO_PORT, parseDemoFlags } from '../../../src/cli/demo.js';
import { ConfigError } from '../../../src/config/index.js';

describe('gatea demo flags', () => {
  it('defaults the gateway to port 8787', () => {
    expect(DEMO_PORT).toBe(8787);
    expect(parseDemoFlags([])).toEqual({ json: false, port: 8787 });
    expect(parseDemoFlags(['--json'])).toEqual({ json: true, port: 8787 });
  });

  it('--port N or --port=N changes it; --port 0 picks a free one', () => {
    expect(parseDemoFlags(['--port', '9000'])).toEqual({ json: false, port: 9000 });
    expect(parseDemoFlags(['--json', '--port=0'])).toEqual({ json: true, port: 0 });
    expect(parseDemoFlags(['--port', '0', '--json'])).toEqual({ json: true, port: 0 });
  });

  it('refuses anything else, naming what it takes', () => {
    for (const argv of [['--port'], ['--port', '70000'], ['--port', 'x'], ['--verbose']]) {
      expect(() => parseDemoFlags(argv)).toThrow(ConfigError);
    }
    expect(() => parseDemoFlags(['--port', '-1'])).toThrow(/gatea demo takes --json and --port N \(0–65535\)/);
  });
});
