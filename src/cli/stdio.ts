/**
 * `gatea stdio`: MCP over stdin/stdout for one local user, with the personal
 * access token in GITEA_TOKEN (DESIGN §2 "stdio"). Logs go to stderr: stdout
 * carries the protocol. Bad settings exit 2 with a message naming them.
 */
import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createGiteaClient } from '../gitea/index.js';
import { createMcpServer } from '../mcp/index.js';
import { ALL_TOOLS, buildToolRegistry, type Caller, type ToolLogger, ToolSelectionError } from '../tools/index.js';

/** Settings `gatea stdio` reads. */
export interface StdioSettings {
  readonly giteaUrl: string;
  readonly token: string;
  readonly toolsets: readonly string[] | undefined;
  readonly tools: readonly string[] | undefined;
  readonly exclude: readonly string[] | undefined;
  readonly readOnly: boolean;
}

const PLACEHOLDER = /^(-+|x+|changeme|change-me|todo|<.*>|\$\{.*\}|your[-_ ].*|token)$/i;

function list(v: string | undefined): string[] | undefined {
  const items = (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
}

/** Reads the stdio settings from `env`; returns every problem at once (each names its variable). */
export function readStdioSettings(env: Readonly<Record<string, string | undefined>>): StdioSettings | string[] {
  const problems: string[] = [];
  const rawUrl = env.GITEA_URL?.trim() ?? '';
  let giteaUrl = '';
  if (rawUrl === '')
    problems.push('GITEA_URL is not set: give the base URL of your Gitea, e.g. https://gitea.example.com.');
  else {
    try {
      const u = new URL(rawUrl);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TypeError('scheme');
      giteaUrl = u.href.replace(/\/+$/, '');
    } catch {
      problems.push(`GITEA_URL "${rawUrl}" is not an http(s) URL.`);
    }
  }
  const token = env.GITEA_TOKEN?.trim() ?? '';
  if (token === '')
    problems.push(
      'GITEA_TOKEN is empty: create a personal access token in Gitea (Settings → Applications) and set it.',
    );
  else if (PLACEHOLDER.test(token))
    problems.push('GITEA_TOKEN looks like a placeholder, not a real token: set the personal access token from Gitea.');
  const readOnlyRaw = (env.GATEA_READ_ONLY ?? 'true').trim().toLowerCase();
  if (!['true', 'false', '1', '0', 'yes', 'no'].includes(readOnlyRaw))
    problems.push(`GATEA_READ_ONLY must be true or false, not "${env.GATEA_READ_ONLY}".`);
  if (problems.length > 0) return problems;
  return {
    giteaUrl,
    token,
    toolsets: list(env.GATEA_TOOLSETS),
    tools: list(env.GATEA_TOOLS),
    exclude: list(env.GATEA_EXCLUDE_TOOLS),
    readOnly: !['false', '0', 'no'].includes(readOnlyRaw),
  };
}

function stderrLogger(stderr: Writable): ToolLogger {
  const line = (level: string) => (obj: object, msg?: string) => {
    const safe = JSON.stringify({ level, msg, ...obj }, (_k, v) => (v instanceof Error ? v.message : v));
    stderr.write(`${safe}\n`);
  };
  return { debug() {}, info() {}, warn: line('warn'), error: line('error') };
}

/** Runs the stdio server until stdin closes; resolves with the exit code (2 on bad settings). */
export async function runStdio(
  env: Readonly<Record<string, string | undefined>> = process.env,
  io: { stdin: Readable; stdout: Writable; stderr: Writable } = process,
): Promise<number> {
  const settings = readStdioSettings(env);
  if (Array.isArray(settings)) {
    io.stderr.write(`gatea stdio: bad configuration\n${settings.map((p) => `  - ${p}`).join('\n')}\n`);
    return 2;
  }
  let registry: ReturnType<typeof buildToolRegistry>;
  try {
    registry = buildToolRegistry(ALL_TOOLS, settings);
  } catch (err) {
    if (!(err instanceof ToolSelectionError)) throw err;
    io.stderr.write(`gatea stdio: bad configuration\n  - ${err.message}\n`);
    return 2;
  }
  const log = stderrLogger(io.stderr);
  const gitea = createGiteaClient({ baseUrl: settings.giteaUrl, token: settings.token, timeoutMs: 30_000, retries: 1 });
  let calls = 0;
  const server = createMcpServer({
    registry,
    log,
    contextFor: (signal) => {
      const caller: Caller = { kind: 'stdio', requestId: `stdio-${++calls}` };
      return { gitea, caller, log, signal };
    },
  });
  const transport = new StdioServerTransport(io.stdin, io.stdout);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    io.stdin.once('end', resolve);
  });
  await server.connect(transport);
  await closed;
  await server.close();
  return 0;
}
