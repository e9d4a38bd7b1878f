import { describe, expect, it } from 'vitest';
import { redirectUriMatches, redirectUriProblem } from '../../../src/oauth/index.js';

/** Redirect URIs real MCP clients register (reference/mcp-auth-and-clients.md §4.3). */
const REAL_CLIENT_URIS = [
  'https://claude.ai/api/mcp/auth_callback',
  'https://claude.com/api/mcp/auth_callback',
  'https://chatgpt.com/connector_platform_oauth_redirect',
  'https://chatgpt.com/connector/oauth/c_123abc',
  'https://platform.openai.com/apps-manage/oauth',
  'https://insiders.vscode.dev/redirect',
  'https://vscode.dev/redirect',
  'http://127.0.0.1/',
  'http://127.0.0.1:33418/',
  'http://localhost:3334/oauth/callback',
  'http://localhost:6274/oauth/callback',
  'http://localhost:6274/oauth/callback/debug',
  'cursor://anysphere.cursor-mcp/oauth/callback',
  'http://localhost/callback',
  'http://127.0.0.1/callback',
  'http://[::1]:8080/callback',
  'com.example.app:/oauth2redirect/example-provider',
  'vscode://vscode.github-authentication/did-authenticate',
  'vscode-insiders://callback',
  'windsurf://oauth/callback',
  'zed://oauth/callback',
];

/** URIs no client may register, each with the words its refusal must contain. */
const REFUSED: [string, RegExp][] = [
  ['javascript:alert(document.cookie)', /javascript: scheme/],
  ['JavaScript:alert(1)', /javascript: scheme/],
  ['data:text/html,<script>alert(1)</script>', /data: scheme/],
  ['file:///etc/passwd', /file: scheme/],
  ['blob:https://claude.ai/2b1c', /blob: scheme/],
  ['about:blank', /about: scheme/],
  ['ftp://files.example.com/cb', /ftp: scheme/],
  ['ws://localhost:8080/cb', /ws: scheme/],
  ['wss://example.com/cb', /wss: scheme/],
  ['http://example.com/callback', /only on loopback/],
  ['http://localhost.evil.com/callback', /only on loopback/],
  ['http://127.0.0.2/callback', /only on loopback/],
  ['http://127.1/callback', /only on loopback/],
  ['http://0x7f000001/callback', /only on loopback/],
  ['http://[::ffff:127.0.0.1]/callback', /only on loopback/],
  ['http:localhost/callback', /only on loopback/],
  ['https://claude.ai/api/mcp/auth_callback#frag', /fragment/],
  ['https://claude.ai/cb#', /fragment/],
  ['https://user@claude.ai/cb', /user name or password/],
  ['https://user:pw@claude.ai/cb', /user name or password/],
  ['https://@claude.ai/cb', /user name or password/],
  ['http://evil.com@localhost/cb', /user name or password/],
  ['https://claude.ai/api/mcp/auth_callback/../x', /path segments/],
  ['https://claude.ai/a/%2e%2E/x', /path segments/],
  ['https://claude.ai\\@evil.com/cb', /backslash/],
  ['https://claude.ai/cb\n', /control/],
  ['https://claude.ai/c b', /spaces/],
  ['https://clàude.ai/cb', /non-ASCII/],
  ['/relative/callback', /not an absolute URI/],
  ['claude.ai/cb', /not an absolute URI/],
  ['https://', /not an absolute URI/],
  ['http://localhost:99999/cb', /not an absolute URI/],
  ['', /not an absolute URI/],
  ['https:///cb', /no host/],
  ['https:claude.ai/cb', /no host/],
  ['cursor:', /nothing after the cursor: scheme/],
  [`https://claude.ai/${'a'.repeat(2000)}`, /longer than 2000/],
];

describe('redirectUriProblem', () => {
  it.each(REAL_CLIENT_URIS)('lets a client register %s', (uri) => {
    expect(redirectUriProblem(uri)).toBeNull();
  });

  it.each(REFUSED)('refuses %s with a sentence', (uri, reason) => {
    const problem = redirectUriProblem(uri);
    expect(problem).toMatch(reason);
    expect(problem).toMatch(/^[A-Z].*\.$/);
  });

  it('accepts exactly 2000 characters', () => {
    const uri = `https://claude.ai/${'a'.repeat(2000 - 'https://claude.ai/'.length)}`;
    expect(uri.length).toBe(2000);
    expect(redirectUriProblem(uri)).toBeNull();
  });
});

describe('redirectUriMatches', () => {
  const claude = ['https://claude.ai/api/mcp/auth_callback'];
  const claudeCode = ['http://localhost/callback', 'http://127.0.0.1/callback'];
  const vscode = ['https://vscode.dev/redirect', 'http://127.0.0.1/', 'http://127.0.0.1:33418/'];

  it.each([
    [claude, 'https://claude.ai/api/mcp/auth_callback'],
    [claudeCode, 'http://localhost:54321/callback'],
    [claudeCode, 'http://127.0.0.1:54321/callback'],
    [claudeCode, 'http://[::1]:54321/callback'],
    [claudeCode, 'http://localhost/callback'],
    [vscode, 'http://127.0.0.1:40123/'],
    [vscode, 'http://127.0.0.1:40123'],
    [vscode, 'http://localhost:33418/'],
    [['http://localhost:3334/oauth/callback'], 'http://localhost:3999/oauth/callback'],
    [['http://localhost:6274/cb?x=1'], 'http://127.0.0.1:7000/cb?x=1'],
    [['cursor://anysphere.cursor-mcp/oauth/callback'], 'cursor://anysphere.cursor-mcp/oauth/callback'],
  ])('%j accepts %s', (registered, requested) => {
    expect(redirectUriMatches(registered, requested)).toBe(true);
  });

  it.each([
    [claude, 'https://claude.ai/api/mcp/auth_callback/../x'],
    [claude, 'https://claude.ai/api/mcp/auth_callback/'],
    [claude, 'https://claude.ai/api/mcp/auth_callback/x'],
    [claude, 'https://claude.ai/api/mcp/auth_callbac'],
    [claude, 'https://claude.ai/api/mcp/auth_callback?x=1'],
    [claude, 'https://claude.ai:8443/api/mcp/auth_callback'],
    [claude, 'https://claude.ai:443/api/mcp/auth_callback'],
    [claude, 'https://CLAUDE.ai/api/mcp/auth_callback'],
    [claude, 'http://claude.ai/api/mcp/auth_callback'],
    [claude, 'https://claude.ai/api/mcp/auth_callback#x'],
    [claude, 'https://claude.ai.evil.com/api/mcp/auth_callback'],
    [claudeCode, 'http://evil.com/callback'],
    [claudeCode, 'http://evil.com:54321/callback'],
    [claudeCode, 'http://localhost.evil.com/callback'],
    [claudeCode, 'http://localhost:54321/callback/'],
    [claudeCode, 'http://localhost:54321/Callback'],
    [claudeCode, 'http://localhost:54321/callback?next=x'],
    [claudeCode, 'http://localhost:54321/callback/../callback'],
    [claudeCode, 'https://localhost:54321/callback'],
    [claudeCode, 'http://127.0.0.2:54321/callback'],
    [claudeCode, 'http://user@localhost:54321/callback'],
    [['http://localhost:6274/cb?x=1'], 'http://localhost:6274/cb?x=2'],
    [['http://localhost:6274/cb?x=1'], 'http://localhost:6274/cb'],
    [['https://example.com:8443/cb'], 'https://example.com:9443/cb'],
    [['https://example.com/cb'], 'https://example.com/cb/more'],
    [['cursor://anysphere.cursor-mcp/oauth/callback'], 'cursor://anysphere.cursor-mcp/oauth/callback2'],
    [['javascript:alert(1)'], 'javascript:alert(1)'],
    [[], 'http://localhost/callback'],
  ])('%j refuses %s', (registered, requested) => {
    expect(redirectUriMatches(registered, requested)).toBe(false);
  });
});
