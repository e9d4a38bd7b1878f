/**
 * `gatea stdio` as a child process (node --import tsx), for tests that drive
 * it with the official SDK client: the command line, a minimal environment,
 * and a connected client.
 */
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const STDIO_MODULE = fileURLToPath(new URL('../../src/cli/stdio.ts', import.meta.url));
const ENTRY = `const m = await import(${JSON.stringify(STDIO_MODULE)}); process.exitCode = await m.runStdio();`;

/** Node arguments that run `gatea stdio` from the TypeScript sources. */
export const STDIO_ARGS: readonly string[] = ['--import', 'tsx', '--input-type=module', '-e', ENTRY];

/** The parent's PATH/HOME/NODE_OPTIONS/TMPDIR only: no stray GATEA_* or GITEA_* settings leak in. */
export function stdioBaseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'NODE_OPTIONS', 'TMPDIR']) if (process.env[k]) env[k] = process.env[k] as string;
  return env;
}

/** Starts `gatea stdio` with `env` (added to the base environment) and connects an SDK client to it. */
export async function connectStdio(env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'gatea-stdio-test', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [...STDIO_ARGS],
      env: { ...stdioBaseEnv(), ...env },
      stderr: 'pipe',
    }),
  );
  return client;
}
