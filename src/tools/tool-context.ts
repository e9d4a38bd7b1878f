/** What a tool sees of the world: a Gitea client bound to the caller, and nothing else (STYLE §2.7). */
import type { GiteaClient } from '../gitea/index.js';

/** Who is calling. Produced by `auth`; tools only read it (for logs and `get_me` hints). */
export interface Caller {
  /** How the caller authenticated. */
  readonly kind: 'oauth' | 'direct' | 'service_key' | 'stdio';
  /** Gitea login, when known before the first Gitea call. */
  readonly login?: string;
  /** Gitea scopes the caller's token holds, when known (normalized, e.g. `read:repository` or `all`). */
  readonly grantedScopes?: readonly string[];
  /** Correlates the tool result with the log lines of this request. */
  readonly requestId: string;
}

/** The structured logger tools and the MCP layer use (a pino logger satisfies it). */
export interface ToolLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Per-call dependencies handed to `run`. */
export interface ToolContext {
  readonly gitea: GiteaClient;
  readonly caller: Caller;
  readonly log: ToolLogger;
  /** Aborted when the client cancels or disconnects. */
  readonly signal: AbortSignal;
}
