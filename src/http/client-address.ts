/**
 * Which client a request comes from, for the per-client budgets (token
 * validations, registrations). By default the TCP peer. Behind a load
 * balancer every peer is the balancer, so the operator lists it in
 * GATEA_TRUSTED_PROXIES; then X-Forwarded-For is read from the right,
 * skipping trusted hops, and the first address a trusted hop did not add is
 * the client. A header from an untrusted peer is never read: anyone can send one.
 */
import { BlockList, isIP } from 'node:net';
import type { HeaderReader } from '../auth/index.js';
import { isAddressOrCidr } from '../config/index.js';

/** The client address of a request (`env.incoming` is its IncomingMessage, as @hono/node-server passes it). */
export type ClientAddressOf = (req: { readonly headers: HeaderReader }, env: unknown) => string;

/** `::ffff:10.0.0.1` (how a dual-stack socket shows an IPv4 peer) as `10.0.0.1`. */
function unmapped(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function peerOf(env: unknown): string {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  const address = incoming?.socket?.remoteAddress;
  return address ? unmapped(address) : 'unknown';
}

/** A resolver trusting the proxies in `trusted` (entries checked by isAddressOrCidr). */
export function clientAddressResolver(trusted: readonly string[]): ClientAddressOf {
  if (trusted.length === 0) return (_req, env) => peerOf(env);
  const proxies = new BlockList();
  for (const entry of trusted) {
    if (!isAddressOrCidr(entry)) throw new TypeError(`not an address or CIDR range: ${entry}`);
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) proxies.addAddress(address, family);
    else proxies.addSubnet(address, Number(prefix), family);
  }
  const isTrusted = (address: string) => {
    const family = isIP(address);
    return family !== 0 && proxies.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
  return (req, env) => {
    let client = peerOf(env);
    if (!isTrusted(client)) return client;
    const hops = (req.headers.get('x-forwarded-for') ?? '').split(',').map((h) => unmapped(h.trim()));
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] as string;
      // A malformed entry was not written by a proxy we trust: stop at the last address we can vouch for.
      if (isIP(hop) === 0) return client;
      client = hop;
      if (!isTrusted(hop)) return hop;
    }
    return client;
  };
}
