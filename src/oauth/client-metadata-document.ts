/**
 * Client ID Metadata Documents (MCP 2025-11-25 authorization, "Client ID
 * Metadata Documents"; draft-ietf-oauth-client-id-metadata-document): a
 * `client_id` that is an https URL names a JSON document describing the
 * client, which the authorization server fetches.
 *
 * The URL is the client's choice, so the fetch is an SSRF risk and is fenced
 * in: every address the host resolves to must be public, the connection is
 * pinned to the address that was checked (a second DNS answer cannot rebind
 * it), redirects are refused, and time, size and content type are bounded.
 * Results are cached per client_id, failures briefly, so a bad client cannot
 * make Gatea refetch in a loop.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { promisify } from 'node:util';
import { Agent, request } from 'undici';
import { readUpTo } from '../gitea/index.js';
import {
  type ClientMetadataDocument,
  ClientMetadataError,
  clientIdUrl,
  invalidDocument,
  parseClientMetadataDocument,
} from './client-metadata-validation.js';
import { type AddressPolicy, isPublicAddress } from './public-address.js';

/** Resolves a host name to all its addresses, as `dns.promises.lookup` does with `{ all: true }`. */
export type HostLookup = (
  hostname: string,
  options: { all: true; verbatim: true },
) => Promise<readonly LookupAddress[]>;

/** Options of createClientMetadataFetcher; all have production defaults. */
export interface ClientMetadataFetcherOptions {
  /** DNS resolution (default node:dns `lookup`). */
  lookup?: HostLookup;
  /** Which resolved addresses may be connected to (default: public unicast only). */
  isAllowedAddress?: AddressPolicy;
  /** CA certificates to trust instead of Node's defaults (tests). */
  ca?: string | Buffer | readonly (string | Buffer)[];
  /** Whole fetch, DNS to last byte (default 5000). */
  timeoutMs?: number;
  /** Largest document accepted (default 5 KiB). */
  maxBodyBytes?: number;
  /** Most client_ids kept in the cache; the oldest is evicted first (default 1000). */
  maxCacheEntries?: number;
  /** Current time in milliseconds (default Date.now). */
  clock?: () => number;
}

/** Fetches and validates the metadata document of a URL client_id; throws ClientMetadataError. */
export type FetchClientMetadata = (clientId: string) => Promise<ClientMetadataDocument>;

const DEFAULT_CACHE_SECONDS = 300;
const MIN_CACHE_SECONDS = 60;
const MAX_CACHE_SECONDS = 86_400;
const FAILURE_CACHE_SECONDS = 30;

interface CacheEntry {
  expiresAtMs: number;
  result: ClientMetadataDocument | ClientMetadataError;
}

/**
 * A fetcher of Client ID Metadata Documents with its own cache. Options are
 * checked now, so a misconfiguration fails at start-up.
 */
export function createClientMetadataFetcher(options: ClientMetadataFetcherOptions = {}): FetchClientMetadata {
  const lookup = options.lookup ?? (promisify(dnsLookup) as HostLookup);
  const limits = {
    isAllowedAddress: options.isAllowedAddress ?? isPublicAddress,
    ca:
      options.ca === undefined || typeof options.ca === 'string' || Buffer.isBuffer(options.ca)
        ? options.ca
        : [...options.ca],
    timeoutMs: positiveInteger(options.timeoutMs ?? 5000, 'timeoutMs'),
    maxBodyBytes: positiveInteger(options.maxBodyBytes ?? 5 * 1024, 'maxBodyBytes'),
  };
  const maxCacheEntries = positiveInteger(options.maxCacheEntries ?? 1000, 'maxCacheEntries');
  const clock = options.clock ?? Date.now;
  const cache = new Map<string, CacheEntry>();
  const inFlight = new Map<string, Promise<ClientMetadataDocument>>();

  function remember(clientId: string, result: CacheEntry['result'], ttlSeconds: number): void {
    cache.delete(clientId);
    cache.set(clientId, { expiresAtMs: clock() + ttlSeconds * 1000, result });
    for (const oldest of cache.keys()) {
      if (cache.size <= maxCacheEntries) break;
      cache.delete(oldest);
    }
  }

  async function fetchAndRemember(clientId: string, url: URL): Promise<ClientMetadataDocument> {
    try {
      const { body, cacheControl } = await fetchDocumentText(url, lookup, limits);
      const document = parseClientMetadataDocument(clientId, body);
      const ttlSeconds = cacheSeconds(cacheControl);
      if (ttlSeconds !== null) remember(clientId, document, ttlSeconds);
      return document;
    } catch (err) {
      if (err instanceof ClientMetadataError) remember(clientId, err, FAILURE_CACHE_SECONDS);
      throw err;
    }
  }

  return async function fetchClientMetadata(clientId) {
    const url = clientIdUrl(clientId);
    const cached = cache.get(clientId);
    if (cached && cached.expiresAtMs > clock()) {
      if (cached.result instanceof ClientMetadataError) throw cached.result;
      return cached.result;
    }
    // Concurrent authorizations of one client share one fetch.
    const pending = inFlight.get(clientId) ?? fetchAndRemember(clientId, url);
    inFlight.set(clientId, pending);
    try {
      return await pending;
    } finally {
      inFlight.delete(clientId);
    }
  };
}

interface Limits {
  isAllowedAddress: AddressPolicy;
  ca: string | Buffer | (string | Buffer)[] | undefined;
  timeoutMs: number;
  maxBodyBytes: number;
}

/** GETs the document over a connection pinned to a vetted address; returns its text and Cache-Control. */
async function fetchDocumentText(
  url: URL,
  lookup: HostLookup,
  limits: Limits,
): Promise<{ body: string; cacheControl: string | undefined }> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const timedOut = () =>
    new ClientMetadataError(
      'timeout',
      `The client's metadata document took longer than ${limits.timeoutMs} ms to fetch.`,
    );
  const address = await vettedAddress(url.hostname.replace(/^\[(.*)\]$/, '$1'), lookup, limits, signal, timedOut);
  const agent = new Agent({
    connect: { lookup: pinnedLookup(address), ...(limits.ca ? { ca: limits.ca } : {}) },
    maxResponseSize: limits.maxBodyBytes,
  });
  try {
    // undici's request never follows redirects (the `redirect: 'manual'` of fetch); a 3xx is refused below.
    const res = await request(url, {
      dispatcher: agent,
      method: 'GET',
      headers: { accept: 'application/json' },
      signal,
    }).catch((err: unknown) => {
      throw signal.aborted ? timedOut() : unreachable(err, limits.maxBodyBytes);
    });
    checkResponseHead(res.statusCode, headerText(res.headers['content-type']));
    const body = await readLimited(res.body, limits.maxBodyBytes).catch((err: unknown) => {
      if (err instanceof ClientMetadataError) throw err;
      throw signal.aborted ? timedOut() : unreachable(err, limits.maxBodyBytes);
    });
    return { body, cacheControl: headerText(res.headers['cache-control']) };
  } finally {
    agent.destroy().catch(() => {});
  }
}

/** Resolves the host and checks every address; the first is the one connected to. */
async function vettedAddress(
  hostname: string,
  lookup: HostLookup,
  limits: Limits,
  signal: AbortSignal,
  timedOut: () => ClientMetadataError,
): Promise<LookupAddress> {
  let addresses: readonly LookupAddress[];
  try {
    addresses = await Promise.race([
      lookup(hostname, { all: true, verbatim: true }),
      new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(timedOut()), { once: true })),
    ]);
  } catch (err) {
    throw err instanceof ClientMetadataError ? err : unreachable(err);
  }
  const first = addresses[0];
  if (!first) throw unreachable(undefined);
  // All, not just the first: a host that also resolves to an internal address is not a client's document host.
  // The address is not named in the message: that would tell a prober what the internal DNS holds.
  if (!addresses.every((a) => limits.isAllowedAddress(a.address)))
    throw new ClientMetadataError(
      'forbidden_address',
      "The client_id URL's host resolves to a private, loopback or otherwise non-public address, so Gatea does not fetch it.",
    );
  return first;
}

/** A `lookup` for net/tls that answers only the vetted address, so the connection cannot be rebound. */
function pinnedLookup(address: LookupAddress) {
  return (
    _hostname: string,
    options: { all?: boolean },
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    if (options.all) callback(null, [address]);
    else callback(null, address.address, address.family);
  };
}

function checkResponseHead(status: number, contentType: string | undefined): void {
  if (status >= 300 && status < 400)
    throw new ClientMetadataError(
      'redirect',
      `The client's metadata document URL answered with a redirect (HTTP ${status}); Gatea does not follow redirects, so the document must be served at the client_id URL itself.`,
    );
  if (status !== 200)
    throw new ClientMetadataError(
      'http_status',
      `The client's metadata document URL answered HTTP ${status} instead of 200.`,
    );
  const mediaType = contentType?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (mediaType !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(mediaType))
    throw new ClientMetadataError(
      'not_json',
      "The client's metadata document is not served as JSON (Content-Type application/json).",
    );
}

/** The body as UTF-8 text, refusing it as soon as it passes `maxBytes`. */
async function readLimited(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<string> {
  const { bytes, complete } = await readUpTo(body, maxBytes);
  if (!complete) throw tooLarge(maxBytes, undefined);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalidDocument('it is not UTF-8 text');
  }
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A failed connection or transfer; undici's own size limit (Agent maxResponseSize) shows up here too. */
function unreachable(cause: unknown, maxBytes = 0): ClientMetadataError {
  if (cause instanceof Error && 'code' in cause && cause.code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE')
    return tooLarge(maxBytes, cause);
  return new ClientMetadataError(
    'unreachable',
    "The client's metadata document could not be fetched (DNS, connection or TLS failure); try again later or ask the client's developer.",
    { cause },
  );
}

function tooLarge(maxBytes: number, cause: unknown): ClientMetadataError {
  return new ClientMetadataError(
    'too_large',
    `The client's metadata document is larger than ${maxBytes} bytes, which Gatea does not read.`,
    { cause },
  );
}

/**
 * Seconds to cache a document by its Cache-Control (RFC 9111 §5.2.2), or null
 * for no-store. Absent: 5 minutes. no-cache counts as max-age=0; Gatea cannot
 * revalidate cheaply, so it is raised to the 1-minute floor that bounds how
 * often one client can make Gatea fetch. The ceiling is 24 hours.
 */
export function cacheSeconds(cacheControl: string | undefined): number | null {
  const directives = (cacheControl ?? '')
    .toLowerCase()
    .split(',')
    .map((d) => d.trim());
  if (directives.includes('no-store')) return null;
  const maxAge = directives.includes('no-cache')
    ? 0
    : directives.map((d) => /^max-age="?(\d+)"?$/.exec(d)?.[1]).find((v) => v !== undefined);
  const seconds = maxAge === undefined ? DEFAULT_CACHE_SECONDS : Number(maxAge);
  return Math.min(MAX_CACHE_SECONDS, Math.max(MIN_CACHE_SECONDS, seconds));
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new TypeError(`createClientMetadataFetcher: ${name} must be a positive whole number.`);
  return value;
}
