/** What the authorization-server facade needs, wired once by the composition root (src/cli/gateway.ts). */
import type { FixedWindowLimiter } from '../auth/index.js';
import type { GiteaClient } from '../gitea/index.js';
import type { GatewayMetrics } from '../observability/index.js';
import type { Store } from '../store/index.js';
import type { ToolLogger } from '../tools/index.js';
import type { FetchClientMetadata } from './client-metadata-document.js';
import type { TokenCipher } from './token-cipher.js';
import type { GiteaOAuthClient } from './upstream.js';

export interface BrokerDeps {
  store: Store;
  cipher: TokenCipher;
  gitea: GiteaOAuthClient;
  /** A Gitea API client acting with `token` (to learn who signed in and probe the grant). */
  giteaFor(token: string): GiteaClient;
  /** Gatea's public base URL: the issuer (RFC 8414) and the base of every endpoint. */
  issuer: string;
  /** The MCP endpoint URL: the one audience (RFC 8707 resource) Gatea's tokens are issued for. */
  resource: string;
  /**
   * The explicit Gitea scopes asked for at Gitea, the same for every sign-in: Gitea ≤1.25 keeps a
   * user's first grant scope for all later tokens of the app (reference §3, issue #36762), so
   * Gatea asks once for what the enabled tools need and narrows per client token itself.
   */
  giteaScopes: readonly string[];
  /** Whether write tools exist here (GATEA_READ_ONLY=false): only then is write:repository granted. */
  writesEnabled: boolean;
  /** Signs consent forms (HMAC-SHA256). */
  formKey: Buffer;
  /** Registrations per client address. */
  registrationLimit: FixedWindowLimiter;
  /** Fetches a Client ID Metadata Document (a `client_id` that is an https URL). */
  clientMetadata: FetchClientMetadata;
  log: ToolLogger;
  metrics?: GatewayMetrics | undefined;
  now: () => number;
}

/** Lifetimes. */
export const ACCESS_TOKEN_TTL_MS = 60 * 60_000;
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60_000;
export const CODE_TTL_MS = 60_000;
export const PENDING_TTL_MS = 10 * 60_000;
/** A refresh token presented again this soon after its rotation is a client race, not theft. */
export const REFRESH_GRACE_MS = 30_000;
