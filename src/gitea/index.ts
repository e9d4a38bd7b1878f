/** The Gitea REST client and its typed errors. */
export {
  createGiteaAgent,
  createGiteaClient,
  GITEA_MAX_PAGE_SIZE,
  type GiteaClient,
  type GiteaClientOptions,
  type GiteaPage,
  type GiteaResponse,
  type PageOptions,
  type QueryValue,
  type RequestOptions,
} from './client.js';
export { errorFromResponse, GiteaError, type GiteaErrorCode, parseScopeMessage } from './errors.js';
