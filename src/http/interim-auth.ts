/**
 * Interim authentication: the caller's own Gitea personal access token in
 * `Authorization: Bearer <PAT>` (or Gitea's `token <PAT>`), bound to a Gitea
 * client for this request. Never a server-wide fallback token: a request
 * without credentials gets 401 (peer-mcp-servers.md §1.4, the fallback bug).
 * Issue 5 replaces this with the real pipeline behind the same `Authenticate` type.
 */
import type { Authenticate } from '../auth/index.js';
import type { GiteaClient } from '../gitea/index.js';

/** A 401 with a Bearer challenge (RFC 6750 §3) and a JSON sentence saying what to send. */
export function unauthorized(description: string, error?: 'invalid_request' | 'invalid_token'): Response {
  const challenge = error
    ? `Bearer error="${error}", error_description="${description.replace(/["\\]/g, '')}"`
    : 'Bearer';
  return new Response(JSON.stringify({ error: error ?? 'unauthorized', message: description }), {
    status: 401,
    headers: { 'content-type': 'application/json', 'www-authenticate': challenge },
  });
}

/** The interim PAT authenticator; `giteaFor` binds a client to one token. */
export function createPatAuthenticator(deps: { giteaFor: (token: string) => GiteaClient }): Authenticate {
  return async (req, requestId) => {
    const header = req.headers.get('authorization');
    if (header === null)
      return unauthorized('No credentials were sent. Send "Authorization: Bearer <your Gitea access token>".');
    const match = /^(bearer|token)[ \t]+(\S+)[ \t]*$/i.exec(header.trim());
    if (!match?.[2])
      return unauthorized(
        'The Authorization header is empty or malformed. Send "Authorization: Bearer <your Gitea access token>".',
        'invalid_request',
      );
    return { caller: { kind: 'pat', requestId }, gitea: deps.giteaFor(match[2]) };
  };
}
