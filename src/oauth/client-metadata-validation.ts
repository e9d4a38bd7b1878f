/**
 * What a Client ID Metadata Document is (MCP 2025-11-25 authorization, "Client
 * ID Metadata Documents"; draft-ietf-oauth-client-id-metadata-document-00):
 * which URLs may be a `client_id`, and which documents describe a client
 * Gatea accepts. A document's fields end up on the consent page and decide
 * where codes are sent, so every field Gatea uses is checked; others are
 * ignored. Fetching lives in client-metadata-document.ts.
 */
import { MAX_REDIRECT_URI_LENGTH, redirectUriProblem } from './redirect-uris.js';

/** Why a client_id's metadata document cannot be used. */
export type ClientMetadataErrorCode =
  | 'invalid_client_id'
  | 'forbidden_address'
  | 'unreachable'
  | 'timeout'
  | 'redirect'
  | 'http_status'
  | 'too_large'
  | 'not_json'
  | 'invalid_document';

/** A client_id whose metadata document cannot be used; the message is safe to show on an error page. */
export class ClientMetadataError extends Error {
  constructor(
    readonly code: ClientMetadataErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ClientMetadataError';
  }
}

/** A validated metadata document: a public client (no secret) identified by its URL. */
export interface ClientMetadataDocument {
  /** The document's URL, equal to its `client_id` field. */
  readonly clientId: string;
  readonly clientName: string;
  readonly redirectUris: readonly string[];
  /** RFC 7591 §2 default: authorization_code. */
  readonly grantTypes: readonly string[];
  readonly tokenEndpointAuthMethod: 'none';
  readonly clientUri: string | null;
  readonly logoUri: string | null;
}

const MAX_CLIENT_ID_LENGTH = 2000;
const MAX_CLIENT_NAME_LENGTH = 200;
const MAX_REDIRECT_URIS = 20;
/** C0/C1 controls and bidirectional overrides, which could disguise a client name on the consent page. */
const DISGUISING_CHARACTERS = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** The client_id as a URL when it may name a metadata document; throws `invalid_client_id`. */
export function clientIdUrl(clientId: string): URL {
  const problem = clientIdProblem(clientId);
  if (problem) throw new ClientMetadataError('invalid_client_id', `The client_id URL ${problem}.`);
  return new URL(clientId);
}

/** Why `clientId` cannot be a metadata document URL (completing "The client_id URL …"), or null. */
function clientIdProblem(clientId: string): string | null {
  if (clientId.length > MAX_CLIENT_ID_LENGTH) return `is longer than ${MAX_CLIENT_ID_LENGTH} characters`;
  if (/[^\x21-\x7e]|\\/.test(clientId)) return 'contains spaces, control, non-ASCII characters or backslashes';
  if (!clientId.startsWith('https://') || !URL.canParse(clientId)) return 'must be an https:// URL';
  if (clientId.includes('#')) return 'must not have a fragment (#…)';
  // The draft allows a query; refusing it keeps one spelling per client and nothing that looks like a parameter.
  if (clientId.includes('?')) return 'must not have a query (?…)';
  const authority = clientId.slice('https://'.length).split('/', 1)[0] ?? '';
  if (authority.includes('@')) return 'must not contain a user name or password';
  const path = clientId.slice('https://'.length + authority.length);
  if (path === '' || path === '/') return 'must have a path after the host, such as /oauth/client.json';
  if (path.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment)))
    return 'must not have "." or ".." path segments';
  // Exact string comparison with the document's client_id needs the one canonical spelling.
  if (new URL(clientId).href !== clientId) return 'must be written canonically (lower-case host, no default port)';
  return null;
}

/** A document that cannot be used, for `why` (completing "The client's metadata document is invalid: …"). */
export function invalidDocument(why: string): ClientMetadataError {
  return new ClientMetadataError('invalid_document', `The client's metadata document is invalid: ${why}.`);
}

/** Validates the text of a metadata document fetched from `clientId`; throws `invalid_document`. */
export function parseClientMetadataDocument(clientId: string, text: string): ClientMetadataDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidDocument('it is not valid JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw invalidDocument('it is not a JSON object');
  // Own fields only, read from a Map: nothing inherited (such as __proto__) can stand in for a field.
  const doc = new Map<string, unknown>(Object.entries(json));
  if (doc.get('client_id') !== clientId)
    throw invalidDocument('its client_id is not exactly the URL it was fetched from');
  return Object.freeze({
    clientId,
    clientName: clientName(doc.get('client_name')),
    redirectUris: Object.freeze(redirectUris(doc.get('redirect_uris'))),
    grantTypes: Object.freeze(grantTypes(doc.get('grant_types'))),
    tokenEndpointAuthMethod: authMethod(doc.get('token_endpoint_auth_method')),
    clientUri: optionalHttpsUrl(doc.get('client_uri'), 'client_uri'),
    logoUri: optionalHttpsUrl(doc.get('logo_uri'), 'logo_uri'),
  });
}

function clientName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidDocument('client_name must be a non-empty string');
  if (value.length > MAX_CLIENT_NAME_LENGTH)
    throw invalidDocument(`client_name is longer than ${MAX_CLIENT_NAME_LENGTH} characters`);
  if (DISGUISING_CHARACTERS.test(value))
    throw invalidDocument('client_name contains control or text-direction characters');
  return value.trim();
}

function redirectUris(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_REDIRECT_URIS)
    throw invalidDocument(`redirect_uris must be a list of 1 to ${MAX_REDIRECT_URIS} URIs`);
  return value.map((uri, i) => {
    if (typeof uri !== 'string') throw invalidDocument(`redirect_uris[${i}] is not a string`);
    const problem = redirectUriProblem(uri);
    if (problem) throw invalidDocument(`redirect_uris[${i}] is refused. ${problem.replace(/\.$/, '')}`);
    return uri;
  });
}

function grantTypes(value: unknown): string[] {
  if (value === undefined) return ['authorization_code'];
  if (!Array.isArray(value) || !value.every((g): g is string => typeof g === 'string'))
    throw invalidDocument('grant_types must be a list of strings');
  if (!value.includes('authorization_code'))
    throw invalidDocument('grant_types must include authorization_code, the only way such a client can sign in');
  return [...new Set(value)];
}

function authMethod(value: unknown): 'none' {
  if (value === undefined || value === 'none') return 'none';
  throw invalidDocument(
    'token_endpoint_auth_method must be "none" or absent: Gatea accepts only public clients (PKCE, no secret or key) through metadata documents',
  );
}

function optionalHttpsUrl(value: unknown, field: string): string | null {
  if (value === undefined) return null;
  if (
    typeof value !== 'string' ||
    value.length > MAX_REDIRECT_URI_LENGTH ||
    !value.startsWith('https://') ||
    !URL.canParse(value) ||
    new URL(value).username !== '' ||
    new URL(value).password !== ''
  )
    throw invalidDocument(`${field} must be an https:// URL without user name or password`);
  return value;
}
