/** Which client a request comes from: the peer, or behind trusted proxies the first hop they did not add. */
import { describe, expect, it } from 'vitest';
import { isAddressOrCidr } from '../../../src/config/index.js';
import { clientAddressResolver } from '../../../src/http/client-address.js';

const from = (peer: string, xff?: string) => ({
  req: new Request('http://gatea.test/mcp', { headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }),
  env: { incoming: { socket: { remoteAddress: peer } } },
});
const resolve = (trusted: string[], peer: string, xff?: string) => {
  const { req, env } = from(peer, xff);
  return clientAddressResolver(trusted)(req, env);
};

describe('client address', () => {
  it('is the peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(resolve([], '203.0.113.9', '198.51.100.1')).toBe('203.0.113.9');
    expect(resolve([], '::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(resolve([], '2001:db8::5')).toBe('2001:db8::5');
  });

  it('ignores the header from a peer that is not a trusted proxy', () => {
    expect(resolve(['10.0.0.0/8'], '203.0.113.9', '198.51.100.1')).toBe('203.0.113.9');
  });

  it('behind a trusted proxy, is the address the proxy saw', () => {
    expect(resolve(['10.0.0.5'], '10.0.0.5', '198.51.100.1')).toBe('198.51.100.1');
    expect(resolve(['10.0.0.0/8'], '::ffff:10.1.2.3', '198.51.100.1')).toBe('198.51.100.1');
    expect(resolve(['fd00::/8'], 'fd00::1', '2001:db8::7')).toBe('2001:db8::7');
  });

  it('reads the chain from the right, skipping trusted hops; what the client wrote on the left does not count', () => {
    // The client claims 192.0.2.66; the edge proxy appended the real address, the ingress its own hop.
    expect(resolve(['10.0.0.0/8'], '10.0.0.5', '192.0.2.66, 198.51.100.1, 10.0.0.9')).toBe('198.51.100.1');
    expect(resolve(['10.0.0.0/8'], '10.0.0.5', ' 10.0.0.8 , 10.0.0.9')).toBe('10.0.0.8');
  });

  it('stops at a malformed entry, keeping the last address a trusted hop vouched for', () => {
    expect(resolve(['10.0.0.0/8'], '10.0.0.5', 'garbage, 10.0.0.9')).toBe('10.0.0.9');
    expect(resolve(['10.0.0.0/8'], '10.0.0.5', 'unknown')).toBe('10.0.0.5');
    expect(resolve(['10.0.0.0/8'], '10.0.0.5')).toBe('10.0.0.5');
  });

  it('accepts IP addresses and CIDR ranges only', () => {
    for (const ok of ['10.0.0.1', '10.0.0.0/8', '0.0.0.0/0', '::1', 'fd00::/8', '2001:db8::/128'])
      expect(isAddressOrCidr(ok), ok).toBe(true);
    for (const bad of ['', 'proxy.internal', '10.0.0.0/33', 'fd00::/129', '10.0.0.0/8/1', '10.0.0.0/x', '*'])
      expect(isAddressOrCidr(bad), bad).toBe(false);
    expect(() => clientAddressResolver(['proxy.internal'])).toThrow(TypeError);
  });
});
