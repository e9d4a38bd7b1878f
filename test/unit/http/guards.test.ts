/** Host and Origin rules (DNS-rebinding and cross-site protection) on their own, including the edge cases. */
import { describe, expect, it } from 'vitest';
import { buildOriginPolicy, isHostAllowed, isOriginAllowed } from '../../../src/http/index.js';

describe('isHostAllowed', () => {
  const loopbackOnly = buildOriginPolicy({});
  const published = buildOriginPolicy({ publicUrl: 'https://gatea.example.com', allowedHosts: ['gatea.internal'] });

  it('without configuration, accepts loopback names with or without a port, IPv6 included', () => {
    for (const host of ['127.0.0.1', '127.0.0.1:8787', 'localhost:3000', '[::1]', '[::1]:8787', 'LOCALHOST'])
      expect(isHostAllowed(loopbackOnly, host), host).toBe(true);
  });

  it('refuses a missing or empty Host, and a rebound name pointing at loopback', () => {
    expect(isHostAllowed(loopbackOnly, null)).toBe(false);
    expect(isHostAllowed(loopbackOnly, '')).toBe(false);
    expect(isHostAllowed(loopbackOnly, 'evil.example:8787')).toBe(false);
    expect(isHostAllowed(loopbackOnly, '[::2]:8787')).toBe(false);
  });

  it('with a public URL, accepts it and the extra hosts, and no longer plain loopback', () => {
    expect(isHostAllowed(published, 'gatea.example.com')).toBe(true);
    expect(isHostAllowed(published, 'gatea.internal:8080')).toBe(true);
    expect(isHostAllowed(published, '127.0.0.1:8787')).toBe(false);
    expect(isHostAllowed(published, 'gatea.example.com.evil.example')).toBe(false);
  });
});

describe('isOriginAllowed', () => {
  it('lets non-browser clients (no Origin) through', () => {
    expect(isOriginAllowed(buildOriginPolicy({ publicUrl: 'https://gatea.example.com' }), null)).toBe(true);
  });

  it('on a loopback gateway, accepts loopback origins on any port and refuses others and "null"', () => {
    const policy = buildOriginPolicy({ publicUrl: 'http://127.0.0.1:8787' });
    for (const origin of ['http://localhost:6274', 'http://127.0.0.1:3000', 'http://[::1]:5173', 'https://localhost'])
      expect(isOriginAllowed(policy, origin), origin).toBe(true);
    for (const origin of ['null', 'https://evil.example', 'file://', 'http://localhost.evil.example'])
      expect(isOriginAllowed(policy, origin), origin).toBe(false);
  });

  it('on a public gateway, accepts its own and listed origins only (loopback pages cannot call it)', () => {
    const policy = buildOriginPolicy({
      publicUrl: 'https://gatea.example.com',
      allowedOrigins: ['https://inspector.example.com/'],
    });
    expect(isOriginAllowed(policy, 'https://gatea.example.com')).toBe(true);
    expect(isOriginAllowed(policy, 'https://inspector.example.com')).toBe(true);
    expect(isOriginAllowed(policy, 'http://localhost:6274')).toBe(false);
  });
});
