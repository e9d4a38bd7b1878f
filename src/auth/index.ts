/** Who is calling: credentials, service keys, direct Gitea tokens, the scope probe, challenges, metadata. */

export {
  type Authenticate,
  type AuthenticatedCaller,
  type AuthPipelineDeps,
  BROKER_ACCESS_TOKEN_PREFIX,
  type BrokerIdentity,
  createAuthPipeline,
  type RequestOrigin,
  type ServiceKeyRecord,
} from './authenticate.js';
export type { Caller, CallerKind } from './caller.js';
export { type BearerChallenge, buildBearerChallenge } from './challenge.js';
export {
  type CredentialSource,
  type Credentials,
  describeCredentialsProblem,
  type HeaderReader,
  readCredentials,
} from './credentials.js';
export { AuthError, type AuthErrorCode } from './errors.js';
export { DirectTokenError, type GiteaDiscovery, GiteaOidc, type GiteaOidcOptions } from './gitea-oidc.js';
export { deriveOAuthScopes, type GiteaScopeRules, isKnownGiteaGrantScope, missingScopes } from './gitea-scopes.js';
export { ProbeCache, type ProbeCacheOptions } from './probe-cache.js';
export {
  buildProtectedResourceMetadata,
  type ProtectedResourceMetadata,
  protectedResourceMetadataUrl,
} from './protected-resource.js';
export { type ServiceKeyRecordsOptions, serviceKeyRecords } from './service-key-records.js';
export {
  type GeneratedServiceKey,
  generateServiceKey,
  hashServiceKey,
  parseServiceKeyId,
  SERVICE_KEY_PREFIX,
  serviceKeyMatches,
} from './service-keys.js';
export { API_PROBE_SCOPE, type ProbedToken, sha256Hex } from './token-probe.js';
export { FixedWindowLimiter, ValidationLimit, type ValidationLimitOptions } from './validation-limit.js';
