/**
 * What doctor checks: the gateway's URLs derived from the one given (the base
 * or the MCP endpoint), and what kind of token it was handed — told apart by
 * shape only, so findings can name "your service key" or "your Gitea token"
 * without ever showing any part of it.
 */
import { BROKER_ACCESS_TOKEN_PREFIX, parseServiceKeyId, protectedResourceMetadataUrl } from '../auth/index.js';

/** The URLs of the gateway under check. */
export interface Target {
  /** Base URL without trailing slash, e.g. `https://gatea.example.com`. */
  readonly base: string;
  readonly origin: string;
  /** The MCP endpoint, `<base>/mcp`: the RFC 9728 resource a correct deployment names. */
  readonly mcpUrl: string;
  /** RFC 9728 §3.1: `/.well-known/oauth-protected-resource` inserted before the resource's path. */
  readonly prmUrl: string;
  /** The root form, `<origin>/.well-known/oauth-protected-resource` (clients that probe the root). */
  readonly prmRootUrl: string;
  readonly loopback: boolean;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The target for `input` (`https://h`, `https://h/`, `https://h/mcp` or a sub-path base), or a sentence
 * saying why it cannot be one.
 */
export function parseTarget(input: string): Target | string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    // The input is not repeated: a token pasted in the wrong place must not be printed.
    return "is not a URL; give the gateway's address, e.g. https://gatea.example.com/mcp";
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return `${url.protocol} is not http or https; give the gateway's address, e.g. https://gatea.example.com/mcp`;
  if (url.username || url.password) return 'the URL carries a user name or password; give it without';
  if (url.search || url.hash) return 'the URL carries a query or fragment; give the gateway address without';
  const path = url.pathname.replace(/\/+$/, '');
  const basePath = path.endsWith('/mcp') ? path.slice(0, -4) : path;
  const base = `${url.origin}${basePath}`;
  const mcpUrl = `${base}/mcp`;
  return {
    base,
    origin: url.origin,
    mcpUrl,
    prmUrl: protectedResourceMetadataUrl(mcpUrl),
    prmRootUrl: `${url.origin}/.well-known/oauth-protected-resource`,
    loopback: LOOPBACK.has(url.hostname),
  };
}

/** What a token is, judged by its shape alone. */
export type TokenKind = 'service_key' | 'broker_token' | 'gitea_jwt' | 'gitea_pat' | 'unknown';

/** Tells the kind of `token` from its shape (never its validity). */
export function classifyToken(token: string): TokenKind {
  if (parseServiceKeyId(token) !== null || token.startsWith('gmk_')) return 'service_key';
  if (token.startsWith(BROKER_ACCESS_TOKEN_PREFIX)) return 'broker_token';
  if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) return 'gitea_jwt';
  if (/^[0-9a-f]{40}$/.test(token)) return 'gitea_pat';
  return 'unknown';
}

/** How findings name a token of `kind`. */
export function describeTokenKind(kind: TokenKind): string {
  switch (kind) {
    case 'service_key':
      return 'Gatea service key';
    case 'broker_token':
      return 'Gatea access token (broker mode)';
    case 'gitea_jwt':
      return 'Gitea OAuth access token';
    case 'gitea_pat':
      return 'Gitea personal access token';
    case 'unknown':
      return 'token of unknown kind';
  }
}
