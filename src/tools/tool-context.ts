/** What a tool sees of the world: a Gitea client bound to the caller, and nothing else (STYLE §2.7). */
import type { Caller } from '../auth/caller.js';
import type { GiteaClient } from '../gitea/index.js';
import type { Surface } from '../observability/metrics.js';

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
  /** Which way in the call came (for the audit event and metrics; tools do not branch on it). */
  readonly surface: Surface;
}
