/**
 * Whether an IP address is public unicast: the only kind Gatea connects to
 * when it fetches a URL a client chose (SSRF guard; MCP 2025-11-25 security
 * best practices, "Server-Side Request Forgery"). Ranges follow the IANA
 * IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and updates).
 *
 * IPv6 is allowlisted rather than denylisted: only global unicast (2000::/3)
 * outside its special blocks passes, so new or odd ranges fail closed. IPv6
 * forms that carry an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, NAT64
 * 64:ff9b::/96) are judged by the IPv4 address inside.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** Decides whether Gatea may connect to an address (v4 dotted or v6 text). */
export type AddressPolicy = (address: string) => boolean;

interface Cidr {
  base: bigint;
  prefix: number;
  bits: 32 | 128;
}

const IPV4_NOT_PUBLIC = [
  '0.0.0.0/8', // "this network", including the unspecified address
  '10.0.0.0/8', // private (RFC 1918)
  '100.64.0.0/10', // carrier-grade NAT (RFC 6598)
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local, home of cloud metadata services (169.254.169.254)
  '172.16.0.0/12', // private (RFC 1918)
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // documentation (TEST-NET-1)
  '192.88.99.0/24', // 6to4 relay anycast (deprecated)
  '192.168.0.0/16', // private (RFC 1918)
  '198.18.0.0/15', // benchmarking (RFC 2544)
  '198.51.100.0/24', // documentation (TEST-NET-2)
  '203.0.113.0/24', // documentation (TEST-NET-3)
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, including the broadcast address 255.255.255.255
].map(parseCidr);

const IPV6_GLOBAL_UNICAST = parseCidr('2000::/3');
const IPV6_NOT_PUBLIC = [
  '2001::/23', // IETF protocol assignments: Teredo, benchmarking, ORCHID
  '2001:db8::/32', // documentation
  '2002::/16', // 6to4: its relays are gone, and it would hide an IPv4 address
  '3fff::/20', // documentation (RFC 9637)
].map(parseCidr);
/** Forms that carry an IPv4 address in their last 32 bits. */
const IPV6_EMBEDDING_IPV4 = [
  '::ffff:0:0/96', // IPv4-mapped
  '64:ff9b::/96', // NAT64 well-known prefix (RFC 6052)
].map(parseCidr);

/** True when `address` is a public unicast IP address; false for anything else, including text that is not an IP. */
export function isPublicAddress(address: string): boolean {
  const text = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const v4 = parseIPv4(text);
  if (v4 !== null) return !IPV4_NOT_PUBLIC.some((r) => inCidr(v4, r));
  const v6 = parseIPv6(text);
  if (v6 === null) return false;
  if (IPV6_EMBEDDING_IPV4.some((r) => inCidr(v6, r))) {
    const embedded = v6 & 0xffff_ffffn;
    return !IPV4_NOT_PUBLIC.some((r) => inCidr(embedded, r));
  }
  return inCidr(v6, IPV6_GLOBAL_UNICAST) && !IPV6_NOT_PUBLIC.some((r) => inCidr(v6, r));
}

function inCidr(value: bigint, { base, prefix, bits }: Cidr): boolean {
  const shift = BigInt(bits - prefix);
  return value >> shift === base >> shift;
}

function parseCidr(cidr: string): Cidr {
  const [address = '', prefix = ''] = cidr.split('/');
  const v4 = parseIPv4(address);
  const base = v4 ?? parseIPv6(address);
  if (base === null) throw new TypeError(`Bad CIDR in the address table: ${cidr}`);
  return { base, prefix: Number(prefix), bits: v4 === null ? 128 : 32 };
}

function parseIPv4(text: string): bigint | null {
  if (!isIPv4(text)) return null;
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

/** The 128-bit value of an IPv6 address, or null (also for a zone id such as %eth0: link-local only). */
function parseIPv6(text: string): bigint | null {
  if (!isIPv6(text) || text.includes('%')) return null;
  let groups = text;
  // A trailing dotted IPv4 part (::ffff:10.0.0.1) becomes two hex groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = parseIPv4(dotted[1] as string);
    if (v4 === null) return null;
    groups = `${text.slice(0, dotted.index)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = groups.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - headParts.length - tailParts.length).fill('0');
  const parts = [...headParts, ...zeros, ...tailParts];
  if (parts.length !== 8) return null;
  return parts.reduce((acc, part) => (acc << 16n) | BigInt(Number.parseInt(part, 16)), 0n);
}
