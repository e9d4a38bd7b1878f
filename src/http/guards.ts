/**
 * Request guards in front of every route: Host validation against DNS
 * rebinding, Origin validation (MCP 2025-11-25 transports §Security: a present,
 * invalid Origin MUST get 403), and a request-body cap.
 */

/** Which hosts and browser origins may talk to this gateway. */
export interface OriginPolicy {
  /** Host header values (`host` or `host:port`, lower case) accepted; empty = loopback only. */
  readonly allowedHosts: ReadonlySet<string>;
  /** Exact origins (`scheme://host[:port]`) accepted in an Origin header. */
  readonly allowedOrigins: ReadonlySet<string>;
  /** Whether browser pages on loopback origins may call (local use without a public URL). */
  readonly allowLoopbackOrigins: boolean;
}

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Builds the policy from the public URL and the operator's extra lists; throws TypeError on a malformed entry. */
export function buildOriginPolicy(opts: {
  publicUrl?: string | undefined;
  allowedOrigins?: readonly string[] | undefined;
  allowedHosts?: readonly string[] | undefined;
}): OriginPolicy {
  const hosts = new Set<string>();
  const origins = new Set<string>();
  let publicIsLoopback = true;
  if (opts.publicUrl) {
    const u = new URL(opts.publicUrl);
    hosts.add(u.host.toLowerCase());
    origins.add(u.origin);
    publicIsLoopback = LOOPBACK_HOSTNAMES.has(u.hostname);
  }
  for (const h of opts.allowedHosts ?? []) hosts.add(h.trim().toLowerCase());
  for (const o of opts.allowedOrigins ?? []) origins.add(new URL(o).origin);
  return { allowedHosts: hosts, allowedOrigins: origins, allowLoopbackOrigins: publicIsLoopback };
}

function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1);
  return hostHeader.split(':')[0] ?? '';
}

/**
 * True when the Host header is acceptable. With no configured hosts only
 * loopback names pass: a DNS-rebound name (evil.example → 127.0.0.1) carries
 * its own Host and is refused.
 */
export function isHostAllowed(policy: OriginPolicy, hostHeader: string | null): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.trim().toLowerCase();
  if (policy.allowedHosts.has(host) || policy.allowedHosts.has(hostnameOf(host))) return true;
  return policy.allowedHosts.size === 0 && LOOPBACK_HOSTNAMES.has(hostnameOf(host));
}

/** True when there is no Origin (non-browser clients) or it is allow-listed. */
export function isOriginAllowed(policy: OriginPolicy, origin: string | null): boolean {
  if (origin === null) return true;
  if (policy.allowedOrigins.has(origin)) return true;
  if (!policy.allowLoopbackOrigins) return false;
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && LOOPBACK_HOSTNAMES.has(u.hostname);
  } catch {
    return false; // "null" and other opaque origins
  }
}

/** Outcome of reading a capped body. */
export type BodyRead = { readonly ok: true; readonly text: string } | { readonly ok: false };

/**
 * Reads at most `maxBodyBytes` of the body: refuses early on a larger
 * Content-Length, and stops reading a chunked body once it passes the cap.
 */
export async function readBodyCapped(req: Request, maxBodyBytes: number): Promise<BodyRead> {
  const declared = req.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBodyBytes) return { ok: false };
  if (!req.body) return { ok: true, text: '' };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBodyBytes) {
      await reader.cancel();
      return { ok: false };
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, text: new TextDecoder().decode(all) };
}
