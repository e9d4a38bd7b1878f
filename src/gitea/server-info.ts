/**
 * Which server is behind GITEA_URL: Gitea or Forgejo, and which version.
 * Scope rules and error texts differ between them (reference
 * gitea-oauth-and-api.md §3.2–§3.3, §5), so the gateway asks once at start-up.
 */
import { z } from 'zod';
import { createAnonymousClient, type GiteaClient, type GiteaClientOptions } from './client.js';
import { GiteaError } from './errors.js';
import { giteaPath } from './path.js';

/** `gitea` or `forgejo`. */
export type GiteaFlavor = 'gitea' | 'forgejo';

/** What /version told us. */
export interface GiteaServerInfo {
  flavor: GiteaFlavor;
  /** The product's own version: `1.25.0` (Gitea) or `11.0.1` (Forgejo). */
  version: string;
  /** The Gitea version whose API it follows: `1.25.0`, or `1.22.0` from Forgejo's `11.0.1+gitea-1.22.0`. */
  giteaCompatVersion: string;
}

const VersionBody = z.object({ version: z.string().min(1) });

/** `GET /api/v1/version` as the client's caller (a bad token gets 401 even here, reference §4.1). */
export async function getGiteaVersion(client: GiteaClient, signal?: AbortSignal): Promise<string> {
  const res = await client.request('GET', giteaPath('/version'), { schema: VersionBody, signal });
  return res.data.version;
}

// Forgejo appends its Gitea compatibility level: `11.0.1+gitea-1.22.0` (reference §5).
const FORGEJO_MARKER = /^(.+?)\+gitea-(\d+\.\d+\.\d+.*)$/;

/**
 * Reads the flavor and versions from `/api/v1/version` and, when Forgejo
 * answered it, `/api/forgejo/v1/version` (null when absent).
 */
export function parseServerVersion(apiVersion: string, forgejoVersion: string | null): GiteaServerInfo {
  const m = FORGEJO_MARKER.exec(apiVersion);
  if (m) return { flavor: 'forgejo', version: forgejoVersion ?? (m[1] as string), giteaCompatVersion: m[2] as string };
  if (forgejoVersion !== null) return { flavor: 'forgejo', version: forgejoVersion, giteaCompatVersion: apiVersion };
  return { flavor: 'gitea', version: apiVersion, giteaCompatVersion: apiVersion };
}

/** Options of detectGiteaServer: the client options without a token (the probes are anonymous). */
export type DetectServerOptions = Omit<GiteaClientOptions, 'token'>;

/**
 * Asks the server anonymously what it is. Throws GiteaError when
 * `/api/v1/version` fails; the Forgejo endpoint is optional (Gitea 404s it).
 */
export async function detectGiteaServer(opts: DetectServerOptions, signal?: AbortSignal): Promise<GiteaServerInfo> {
  const api = createAnonymousClient(opts, '/api/v1');
  const forgejo = createAnonymousClient({ ...opts, retries: 0 }, '/api/forgejo/v1');
  const [apiVersion, forgejoVersion] = await Promise.all([
    getGiteaVersion(api, signal),
    getGiteaVersion(forgejo, signal).catch((err: unknown) => {
      if (err instanceof GiteaError) return null;
      throw err;
    }),
  ]);
  return parseServerVersion(apiVersion, forgejoVersion);
}
