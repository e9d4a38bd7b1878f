/** The tool layer: definitions, selection, the compiled registry, output shaping. */
export { ALL_TOOLS, TOOL_ALIASES } from './all.js';
export {
  defineTool,
  type MethodBuilder,
  type MethodToolSpec,
  parseInput,
  type SimpleToolSpec,
  type ToolAnnotations,
  type ToolDefinition,
  type ToolInputSchema,
  type ToolMethod,
  type WithRequired,
} from './define.js';
export { renderToolsMarkdown } from './docs.js';
export { ToolInputError, ToolNotFoundError, ToolSelectionError } from './errors.js';
export {
  buildListing,
  buildToolRegistry,
  createToolRegistry,
  type JsonSchemaObject,
  selectTools,
  type ToolListing,
  type ToolRegistry,
  type ToolSelection,
  toInputJsonSchema,
} from './registry.js';
export { findHiddenCharacters, sanitizeOptional, sanitizeText } from './sanitize.js';
export {
  GITEA_SCOPE_CATEGORIES,
  type GiteaScope,
  type GiteaScopeCategory,
  isGiteaScope,
  scopesSatisfy,
  unionScopes,
} from './scopes.js';
export {
  DEFAULT_PER_PAGE,
  MAX_CONTENT_BYTES,
  MAX_DIFF_BYTES,
  MAX_PER_PAGE,
  type PageLike,
  pageFromHeaders,
  pageResult,
  pagingInput,
  sliceBytes,
  sliceLines,
} from './shape.js';
export type { ToolContext, ToolLogger } from './tool-context.js';
export {
  DEFAULT_TOOLSET_IDS,
  isToolsetId,
  TOOLSET_IDS,
  TOOLSETS,
  type ToolsetId,
  type ToolsetInfo,
} from './toolsets.js';
