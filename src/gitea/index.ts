/** The Gitea REST client, its typed errors, paging and server detection. */

import type * as GiteaApi from './types.gen.js';

export {
  createGiteaAgent,
  createGiteaClient,
  type FetchInitLike,
  type FetchResponseLike,
  GITEA_DEFAULT_PAGE_SIZE,
  GITEA_MAX_PAGE_SIZE,
  type GiteaClient,
  type GiteaClientOptions,
  type GiteaDownload,
  type GiteaFetch,
  type GiteaPage,
  type GiteaResponse,
  nextPageFromLink,
  type PageOptions,
  type Query,
  type QueryValue,
  type RequestOptions,
} from './client.js';
export {
  errorFromResponse,
  GiteaError,
  type GiteaErrorCode,
  type GiteaErrorInit,
  parseScopeMessage,
  pathWithoutQuery,
} from './errors.js';
export {
  attachmentSchema,
  branchSchema,
  changedFileSchema,
  commentSchema,
  commitSchema,
  type GiteaAttachment,
  type GiteaBranch,
  type GiteaBranchInfo,
  type GiteaChangedFile,
  type GiteaComment,
  type GiteaCommit,
  type GiteaCommitUser,
  type GiteaIssue,
  type GiteaLabel,
  type GiteaMilestone,
  type GiteaPull,
  type GiteaRelease,
  type GiteaRepository,
  type GiteaReview,
  type GiteaReviewComment,
  type GiteaTag,
  type GiteaUser,
  issueSchema,
  labelSchema,
  milestoneSchema,
  pullSchema,
  releaseSchema,
  repositorySchema,
  reviewCommentSchema,
  reviewSchema,
  searchResultsSchema,
  tagSchema,
  userSchema,
} from './models.js';
export { type PaginatedItems, type PaginateOptions, paginateAll } from './paginate.js';
export {
  type GiteaPath,
  GiteaPathError,
  giteaPath,
  isGiteaPath,
  matchesRoute,
  type PathValue,
  type RouteParams,
} from './path.js';
export {
  type DetectServerOptions,
  detectGiteaServer,
  type GiteaFlavor,
  type GiteaServerInfo,
  getGiteaVersion,
  parseServerVersion,
} from './server-info.js';
/** Gitea's API models, generated from reference/gitea-swagger.v1.json (`GiteaApi.Repository`, …). */
export type { GiteaApi };
