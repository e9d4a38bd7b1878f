/**
 * What Gatea needs from Gitea's OIDC provider to validate a Gitea token sent
 * straight to it (direct mode): discovery, the signing keys, userinfo and
 * introspection. Facts: reference/gitea-oauth-and-api.md §1.2, §1.5–§1.7, §2.1.
 *
 * Plain fetch + zod rather than oauth4webapi here: Gitea's issuer is AppURL with
 * a trailing slash before 1.25 and without after, and URL normalisation in
 * generic clients turns one into the other, so we check the issuer ourselves.
 */
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { readUpTo } from '../gitea/index.js';

const Discovery = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string().url().optional(),
  token_endpoint: z.string().url().optional(),
  jwks_uri: z.string().url(),
  userinfo_endpoint: z.string().url(),
  introspection_endpoint: z.string().url().optional(),
});
export type GiteaDiscovery = z.infer<typeof Discovery>;

/** Discovery, keys, userinfo and introspection answers are a few KiB; a larger one is not read. */
const MAX_OIDC_ANSWER_BYTES = 256 * 1024;

const Jwks = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });
const UserInfo = z.object({ sub: z.string(), preferred_username: z.string(), name: z.string().optional() });
const Introspection = z.object({ active: z.boolean(), scope: z.string().optional(), username: z.string().optional() });

/** Why a Gitea token was refused; `code` is stable for logs and tests. */
export class DirectTokenError extends Error {
  constructor(
    readonly code:
      | 'malformed'
      | 'bad_signature'
      | 'expired'
      | 'not_yet_valid'
      | 'not_access_token'
      | 'revoked'
      | 'keys_unavailable'
      | 'discovery_failed',
    message: string,
  ) {
    super(message);
    this.name = 'DirectTokenError';
  }
}

export interface GiteaOidcOptions {
  /** Gitea's base URL as configured (GITEA_URL). */
  giteaUrl: string;
  fetch: typeof fetch;
  /** Milliseconds since epoch. */
  now: () => number;
  timeoutMs: number;
  /** Minimum gap between JWKS refetches triggered by unknown key ids. */
  jwksRefetchCooldownMs: number;
}

export interface VerifiedAccessJwt {
  grantId: number;
  expiresAtMs: number;
}

/** Gitea's OIDC endpoints plus a JWKS cache that keeps the last good keys when Gitea's key endpoint is down. */
export class GiteaOidc {
  private discovery: GiteaDiscovery | null = null;
  private keys: ReturnType<typeof createLocalJWKSet> | null = null;
  private keyIds = new Set<string>();
  private lastKeyFetchMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly opts: GiteaOidcOptions) {
    new URL(opts.giteaUrl);
  }

  private async getJson(url: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
    const res = await this.opts.fetch(url, {
      ...init,
      signal: AbortSignal.timeout(this.opts.timeoutMs),
      redirect: 'manual',
    });
    const { bytes, complete } = await readUpTo(res.body, MAX_OIDC_ANSWER_BYTES);
    // Too large to be what was asked for: no body, which every caller refuses.
    if (!complete) return { status: res.status, body: undefined };
    const text = new TextDecoder().decode(bytes);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // non-JSON bodies (Gitea's "no valid authorization") are kept as text
    }
    return { status: res.status, body };
  }

  /** `/.well-known/openid-configuration`, checked to belong to the configured Gitea. */
  async discover(): Promise<GiteaDiscovery> {
    if (this.discovery) return this.discovery;
    const base = this.opts.giteaUrl.replace(/\/+$/, '');
    let res: { status: number; body: unknown };
    try {
      res = await this.getJson(`${base}/.well-known/openid-configuration`);
    } catch (err) {
      throw new DirectTokenError(
        'discovery_failed',
        `Gitea's OIDC discovery at ${base} could not be reached (${String(err)}).`,
      );
    }
    const parsed = Discovery.safeParse(res.body);
    if (res.status !== 200 || !parsed.success)
      throw new DirectTokenError(
        'discovery_failed',
        `Gitea at ${base} served no usable OIDC discovery document (HTTP ${res.status}); is [oauth2] ENABLED?`,
      );
    // Gitea ≤1.24 (and Forgejo ≤11) publish AppURL with its trailing slash; 1.25+ without.
    if (parsed.data.issuer.replace(/\/$/, '') !== base)
      throw new DirectTokenError(
        'discovery_failed',
        `Gitea's issuer "${parsed.data.issuer}" does not match GITEA_URL ${base}; set GITEA_URL to Gitea's ROOT_URL.`,
      );
    this.discovery = parsed.data;
    return parsed.data;
  }

  /** The issuer exactly as Gitea spells it (for RFC 9728 authorization_servers). */
  async issuer(): Promise<string> {
    return (await this.discover()).issuer;
  }

  private async refreshKeys(): Promise<void> {
    const now = this.opts.now();
    if (this.keys && now - this.lastKeyFetchMs < this.opts.jwksRefetchCooldownMs) return;
    this.lastKeyFetchMs = now;
    const { jwks_uri } = await this.discover();
    try {
      const res = await this.getJson(jwks_uri);
      const parsed = Jwks.safeParse(res.body);
      if (res.status !== 200 || !parsed.success) throw new Error(`HTTP ${res.status}`);
      const jwks = parsed.data as JSONWebKeySet;
      this.keys = createLocalJWKSet(jwks);
      this.keyIds = new Set(jwks.keys.map((k) => k.kid).filter((k): k is string => typeof k === 'string'));
    } catch (err) {
      // Keep serving with the last good keys; without any, fail closed.
      if (!this.keys)
        throw new DirectTokenError('keys_unavailable', `Gitea's signing keys could not be fetched (${String(err)}).`);
    }
  }

  /** Verifies a Gitea OAuth access token JWT: signature, `tt`=0, `exp`, `iat` (reference §2.1). */
  async verifyAccessJwt(token: string): Promise<VerifiedAccessJwt> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw new DirectTokenError('malformed', 'The token is not a well-formed JWT.');
    }
    if (!this.keys || (kid !== undefined && !this.keyIds.has(kid))) await this.refreshKeys();
    const keys = this.keys;
    if (!keys) throw new DirectTokenError('keys_unavailable', "Gitea's signing keys are not available.");
    try {
      const { payload } = await jwtVerify(token, keys, { currentDate: new Date(this.opts.now()) });
      if (payload.tt !== 0)
        throw new DirectTokenError('not_access_token', 'This is a Gitea refresh token, not an access token.');
      if (typeof payload.iat === 'number' && payload.iat * 1000 > this.opts.now() + 60_000)
        throw new DirectTokenError(
          'not_yet_valid',
          'The token was issued in the future; check the clocks of Gitea and Gatea.',
        );
      if (typeof payload.gnt !== 'number' || typeof payload.exp !== 'number')
        throw new DirectTokenError('malformed', 'The token lacks the gnt/exp claims Gitea puts in its access tokens.');
      return { grantId: payload.gnt, expiresAtMs: payload.exp * 1000 };
    } catch (err) {
      if (err instanceof DirectTokenError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new DirectTokenError('expired', 'The Gitea token has expired.');
      if (err instanceof joseErrors.JWKSNoMatchingKey || err instanceof joseErrors.JWSSignatureVerificationFailed)
        throw new DirectTokenError(
          'bad_signature',
          'The token is not signed by this Gitea (wrong key or another Gitea instance).',
        );
      throw new DirectTokenError('malformed', `The token could not be verified (${(err as Error).name}).`);
    }
  }

  /** The user behind a token (OAuth JWT or PAT), or a `revoked` error when Gitea refuses it. */
  async userinfo(token: string): Promise<{ sub: string; login: string }> {
    const { userinfo_endpoint } = await this.discover();
    const res = await this.getJson(userinfo_endpoint, { headers: { Authorization: `Bearer ${token}` } });
    if (res.status === 401)
      throw new DirectTokenError('revoked', 'Gitea no longer accepts this token (revoked, expired or unknown).');
    const parsed = UserInfo.safeParse(res.body);
    if (res.status !== 200 || !parsed.success)
      throw new DirectTokenError('discovery_failed', `Gitea's userinfo endpoint answered HTTP ${res.status}.`);
    return { sub: parsed.data.sub, login: parsed.data.preferred_username };
  }

  /** RFC 7662-style introspection with Gatea's Gitea OAuth app credentials; null when Gitea has no endpoint. */
  async introspect(
    token: string,
    client: { id: string; secret: string },
  ): Promise<{ active: boolean; scope: string } | null> {
    const { introspection_endpoint } = await this.discover();
    if (!introspection_endpoint) return null;
    const res = await this.getJson(introspection_endpoint, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token }).toString(),
    });
    const parsed = Introspection.safeParse(res.body);
    if (res.status !== 200 || !parsed.success) return null;
    return { active: parsed.data.active, scope: parsed.data.scope ?? '' };
  }
}
