/**
 * The authorization-server facade's HTTP surface (DESIGN §3): metadata,
 * registration, authorize + consent, Gitea's callback, token and revocation,
 * and the user's /connections page,
 * at the root (2025-03-26 clients look there too). The metadata, register,
 * token and revoke endpoints take requests from any web origin (the app's
 * CORS answers without credentials), so browser-based clients such as MCP
 * Inspector can use them; they set and read no cookies.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { handleAuthorize, handleCallback, handleConsent } from './authorize.js';
import type { BrokerDeps } from './broker-deps.js';
import {
  connectionsCallback,
  handleConnections,
  handleConnectionsLogin,
  handleConnectionsRevoke,
} from './connections.js';
import { buildAuthorizationServerMetadata } from './metadata.js';
import { handleRegister } from './register.js';
import { handleRevoke, handleToken } from './token.js';
import { oauthError } from './wire.js';

/** Paths any web origin may call (no cookies involved); the app's Origin check lets them through. */
export const OPEN_CORS_PATHS: ReadonlySet<string> = new Set([
  '/.well-known/oauth-authorization-server',
  '/.well-known/openid-configuration',
  '/register',
  '/token',
  '/revoke',
]);

/** Forms and registrations are small; anything larger is refused before it is read into memory. */
export const MAX_OAUTH_BODY_BYTES = 16 * 1024;

export function createBrokerRoutes(deps: BrokerDeps, clientAddress: (req: Request, env: unknown) => string): Hono {
  const app = new Hono();
  // Only on these routes: mounted at the root, a '*' middleware would cap every route of the gateway (/mcp too).
  const limit = bodyLimit({
    maxSize: MAX_OAUTH_BODY_BYTES,
    onError: () => oauthError(413, 'invalid_request', `The request body is larger than ${MAX_OAUTH_BODY_BYTES} bytes.`),
  });
  for (const path of ['/register', '/authorize/consent', '/connections/revoke', '/token', '/revoke'])
    app.use(path, limit);
  const metadata = JSON.stringify(buildAuthorizationServerMetadata(deps.issuer));
  const serveMetadata = () =>
    new Response(metadata, { headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' } });
  app.get('/.well-known/oauth-authorization-server', serveMetadata);
  app.get('/.well-known/openid-configuration', serveMetadata);
  app.post('/register', (c) => handleRegister(c.req.raw, clientAddress(c.req.raw, c.env), deps));
  app.get('/authorize', (c) => handleAuthorize(c.req.raw, deps));
  app.post('/authorize/consent', (c) => handleConsent(c.req.raw, deps));
  // One callback registered in Gitea serves both a client's sign-in and a /connections sign-in.
  app.get(
    '/oauth/callback',
    async (c) => (await connectionsCallback(c.req.raw, deps)) ?? handleCallback(c.req.raw, deps),
  );
  app.get('/connections', (c) => handleConnections(c.req.raw, deps));
  app.get('/connections/login', () => handleConnectionsLogin(deps));
  app.post('/connections/revoke', (c) => handleConnectionsRevoke(c.req.raw, deps));
  app.post('/token', (c) => handleToken(c.req.raw, deps));
  app.post('/revoke', (c) => handleRevoke(c.req.raw, deps));
  return app;
}
