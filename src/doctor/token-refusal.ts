/**
 * Turns the gateway's refusal of a token (status, `WWW-Authenticate`, and
 * the `error_description` src/auth writes) into one line saying what is wrong
 * with this token, why, and what to do — per kind of token, since "Gitea
 * refused this token" means a broken service key configuration for a `gmk_`
 * key but a revoked sign-in for a Gitea OAuth token.
 */
import type { Refusal } from './mcp-checks.js';
import { type Finding, fail, warn } from './report.js';
import { describeTokenKind, type TokenKind } from './target.js';

const ID = 'token.accepted';
const TITLE = 'Gatea accepts the token (its API scope probe passes)';

type Verdict = { diagnosis: string; cause: string; fix: string };

function insufficientScope(kind: TokenKind, missing: string): Verdict {
  const name = describeTokenKind(kind);
  const cause: Partial<Record<TokenKind, string>> = {
    gitea_jwt: `The client asked Gitea for scopes without ${missing} (e.g. only openid and read:user); Gatea's API probe (GET /repos/search) needs it.`,
    gitea_pat: `The personal access token was created without ${missing}.`,
    service_key: `The Gitea token this service key acts with lacks ${missing}.`,
  };
  const fix: Partial<Record<TokenKind, string>> = {
    gitea_jwt:
      'Re-authorize the client asking for the scopes_supported of /.well-known/oauth-protected-resource/mcp (they include it).',
    gitea_pat: `Create a Gitea token with ${missing} (and the other scopes_supported of the metadata).`,
    service_key: `Put a Gitea token with ${missing} in the key's variable and restart Gatea.`,
  };
  return {
    diagnosis: `The ${name} reaches Gitea but lacks the API scope Gatea needs (${missing}): Gatea answers 403 insufficient_scope.`,
    cause: cause[kind] ?? `The grant behind the token lacks ${missing}.`,
    fix: fix[kind] ?? `Reconnect and grant ${missing}.`,
  };
}

/** Refusal texts (src/auth's error_description) and what each means, first match wins. */
type Rule = readonly [pattern: RegExp, verdict: Verdict];

const SERVICE_KEY_VERDICTS: readonly Rule[] = [
  [
    /Gitea refused this token|no longer accepts/i,
    {
      diagnosis: 'Gitea rejects the Gitea token this service key acts with (revoked, expired, or from another Gitea).',
      cause:
        'The token in the variable named for this key (gatea keys list shows it) was revoked or has expired in Gitea, or belongs to another Gitea than GITEA_URL.',
      fix: 'Create a new Gitea token for the key, put it in that variable of gatea serve, and restart Gatea.',
    },
  ],
  [
    /was revoked/i,
    {
      diagnosis: 'This service key was revoked.',
      cause: 'An operator ran gatea keys revoke for it.',
      fix: 'Ask the operator for a new key (gatea keys create).',
    },
  ],
  [
    /not known to Gatea/i,
    {
      diagnosis: 'Gatea does not know this service key.',
      cause:
        'The key is mistyped or cut short, or it was created in another database than this Gatea uses (GATEA_DATABASE_URL).',
      fix: 'Copy the whole key as gatea keys create printed it; gatea keys list shows the keys that exist.',
    },
  ],
  [
    /malformed/i,
    {
      diagnosis: 'This looks like a service key but is malformed (truncated or with extra characters).',
      cause: 'The key was cut or extra characters (quotes, a newline) crept in when it was copied.',
      fix: 'Copy the whole gmk_ key again.',
    },
  ],
];

const BROKER_VERDICTS: readonly Rule[] = [
  [
    /issued for/i,
    {
      diagnosis: "The access token was issued for another resource: Gatea's public URL changed since sign-in.",
      cause: 'Tokens are bound to <GATEA_PUBLIC_URL>/mcp (RFC 8707); GATEA_PUBLIC_URL or the URL used differs.',
      fix: 'Reconnect the client at the current public URL.',
    },
  ],
  [
    /access token has expired/i,
    {
      diagnosis: 'The Gatea access token has expired.',
      cause: 'Access tokens live one hour; the client did not refresh it.',
      fix: 'Let the client refresh (or reconnect).',
    },
  ],
  [
    /revoked|no longer accepts|expired/i,
    {
      diagnosis:
        'The sign-in behind this access token is gone (revoked at /connections or in Gitea, or its Gitea sign-in expired).',
      cause: 'The user or an operator revoked it, or Gitea no longer accepts the grant.',
      fix: 'Reconnect the client to sign in again.',
    },
  ],
  [
    /not known/i,
    {
      diagnosis: 'Gatea does not know this access token.',
      cause: "It was issued by another Gatea, or this Gatea's database was reset or is another one.",
      fix: 'Reconnect the client to sign in again.',
    },
  ],
];

const GITEA_TOKEN_VERDICTS: readonly Rule[] = [
  [
    /GATEA_DIRECT_TOKENS/,
    {
      diagnosis: 'This gateway does not accept Gitea tokens sent straight to it (direct tokens are off).',
      cause: 'GATEA_DIRECT_TOKENS is false: only Gatea access tokens (broker mode) and service keys are accepted.',
      fix: "Connect through Gatea's sign-in (broker mode) or use a service key; or the operator sets GATEA_DIRECT_TOKENS=true.",
    },
  ],
  [
    /has expired/i,
    {
      diagnosis: 'The Gitea token has expired.',
      cause: 'Gitea OAuth access tokens live an hour by default; the client did not refresh it, or the clocks differ.',
      fix: 'Refresh the token or reconnect the client.',
    },
  ],
  [
    /not signed by this Gitea/i,
    {
      diagnosis: 'The token is not signed by the Gitea this gateway uses.',
      cause: 'The client got it from another Gitea than GITEA_URL, or Gitea rotated its signing key.',
      fix: 'Sign in again against the Gitea at GITEA_URL.',
    },
  ],
  [
    /refresh token/i,
    {
      diagnosis: 'This is a Gitea refresh token, not an access token.',
      cause: 'The client sends the wrong one of the two tokens Gitea issued.',
      fix: 'Send the access token.',
    },
  ],
  [
    /no longer accepts|refused this token/i,
    {
      diagnosis: 'Gitea no longer accepts this token (revoked or expired).',
      cause: 'The user revoked the application in Gitea, or the token expired.',
      fix: 'Reconnect the client (or create a new personal access token).',
    },
  ],
];

function invalidToken(kind: TokenKind, said: string): Verdict {
  const rules =
    kind === 'service_key' ? SERVICE_KEY_VERDICTS : kind === 'broker_token' ? BROKER_VERDICTS : GITEA_TOKEN_VERDICTS;
  const known = rules.find(([pattern]) => pattern.test(said))?.[1];
  return (
    known ?? {
      diagnosis: `Gatea refuses the ${describeTokenKind(kind)} as invalid: ${said || '(no description)'}`,
      cause: 'See the description; the oauth_auth_summary log line of the request has the details.',
      fix: 'Follow the description, then run doctor again.',
    }
  );
}

/** The finding for a gateway's refusal of `kind` of token. */
export function diagnoseRefusal(r: Refusal, kind: TokenKind): Finding {
  const said =
    typeof r.body?.error_description === 'string' ? r.body.error_description : (r.challenge.error_description ?? '');
  const error = (typeof r.body?.error === 'string' ? r.body.error : undefined) ?? r.challenge.error;
  const details = { status: r.status, error: error ?? null, said };
  let v: Verdict;
  if (r.status === 403 && error === 'insufficient_scope')
    v = insufficientScope(kind, r.challenge.scope || 'read:repository');
  else if (r.status === 401 && error === 'invalid_token') v = invalidToken(kind, said);
  else if (r.status === 401)
    v = {
      diagnosis: 'Gatea saw no usable Authorization header although doctor sent one.',
      cause: 'A proxy in front of Gatea strips or rewrites the Authorization header.',
      fix: 'Let the proxy pass Authorization through unchanged.',
    };
  else if (r.status === 503 && error === 'service_key_unconfigured')
    v = {
      diagnosis: 'The service key has no Gitea token in this Gatea process.',
      cause: 'The key was created after Gatea started, or its token variable is not set in gatea serve.',
      fix: "Set the key's token variable for gatea serve and restart Gatea.",
    };
  else if (r.status === 503)
    v = {
      diagnosis: `Gatea cannot check the token right now: ${said || 'temporarily unavailable'}`,
      cause: 'Gitea (or its OIDC discovery or signing keys) does not answer Gatea.',
      fix: 'Check that Gitea runs and that Gatea reaches GITEA_URL; see /readyz.',
    };
  else if (r.status === 429)
    return warn(
      ID,
      TITLE,
      `Gatea rate-limits token checks from this address: ${said}`,
      'Many unknown tokens from one address within a minute.',
      'Retry in a minute.',
      details,
    );
  else
    v = {
      diagnosis: `Gatea refused the token with HTTP ${r.status}${error ? ` ${error}` : ''}${said ? `: ${said}` : ''}.`,
      cause: 'See the description and the oauth_auth_summary log line of the request.',
      fix: 'Follow the description, then run doctor again.',
    };
  return fail(ID, TITLE, v.diagnosis, v.cause, v.fix, details);
}

/** Id and title of the finding this module produces (the session checks skip it under the same name). */
export const TOKEN_ACCEPTED = { id: ID, title: TITLE } as const;
