/**
 * `gatea stdio`: MCP over stdin/stdout for one local user, with the personal
 * access token in GITEA_TOKEN (DESIGN §2 "stdio"). Logs go to stderr: stdout
 * carries the protocol. Bad settings exit 2 with a message naming them.
 */
import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Caller } from '../auth/index.js';
import { type Config, ConfigError, loadConfig } from '../config/index.js';
import { createGiteaClient } from '../gitea/index.js';
import { createToolDispatcher, loadMcpServer } from '../mcp/index.js';
import { ALL_TOOLS, buildToolRegistry, TOOL_ALIASES, type ToolLogger, ToolSelectionError } from '../tools/index.js';

/** Settings `gatea stdio` reads. */
export interface StdioSettings {
  readonly giteaUrl: string;
  readonly token: string;
  readonly toolsets: readonly string[] | undefined;
  readonly tools: readonly string[] | undefined;
  readonly exclude: readonly string[] | undefined;
  readonly readOnly: boolean;
}

/** Reads the stdio settings from `env` through loadConfig, plus GITEA_TOKEN; returns every problem at once. */
export function readStdioSettings(env: Readonly<Record<string, string | undefined>>): StdioSettings | string[] {
  const problems: string[] = [];
  let config: Config | null = null;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems.map((p) => `${p.setting} ${p.problem}`));
  }
  // loadConfig already refuses an empty-but-set or placeholder GITEA_TOKEN; stdio also needs it present.
  if (config && !config.gitea.token)
    problems.push(
      'GITEA_TOKEN is not set: create a personal access token in Gitea (Settings → Applications) and set it.',
    );
  if (problems.length > 0 || !config) return problems;
  return { giteaUrl: config.gitea.url, token: config.gitea.token as string, ...config.tools };
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
    registry = buildToolRegistry(ALL_TOOLS, settings, TOOL_ALIASES);
  } catch (err) {
    if (!(err instanceof ToolSelectionError)) throw err;
    io.stderr.write(`gatea stdio: bad configuration\n  - ${err.message}\n`);
    return 2;
  }
  const log = stderrLogger(io.stderr);
  const gitea = createGiteaClient({ baseUrl: settings.giteaUrl, token: settings.token, timeoutMs: 30_000, retries: 1 });
  let calls = 0;
  const { createMcpServer } = await loadMcpServer();
  const server = createMcpServer({
    dispatcher: createToolDispatcher(registry),
    contextFor: (signal) => {
      const caller: Caller = { kind: 'stdio', requestId: `stdio-${++calls}` };
      return { gitea, caller, log, signal, surface: 'stdio' };
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
