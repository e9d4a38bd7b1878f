/** The HTTP surface: app factory, guards, the REST tool API and its OpenAPI document. */
export {
  createHttpApp,
  createHttpHandlers,
  DEFAULT_MAX_BODY_BYTES,
  type HttpAppDeps,
  type HttpHandlers,
} from './app.js';
export { type ClientAddressOf, clientAddressResolver } from './client-address.js';
export { buildOriginPolicy, isHostAllowed, isOriginAllowed, type OriginPolicy, readBodyCapped } from './guards.js';
export { createMetricsApp, protectedMetricsEndpoint } from './metrics.js';
export { BEARER_SCHEME, buildOpenApiDocument, OAUTH2_SCHEME } from './openapi.js';
export { createReadiness, type ReadinessCheck, type ReadinessOptions } from './readiness.js';
