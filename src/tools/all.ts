/**
 * Every tool Gatea has, in documentation order. Adding a toolset: write
 * `src/tools/<toolset>.ts` exporting `<TOOLSET>_TOOLS`, add its id to
 * toolsets.ts, and spread it here; every surface picks it up.
 */
import { BRANCHES_TOOLS } from './branches.js';
import { COMMITS_TOOLS } from './commits.js';
import { CONTEXT_TOOLS } from './context.js';
import type { ToolDefinition } from './define.js';
import { getFileContents, getRepositoryTree } from './files-read.js';
import { FILES_WRITE_TOOLS } from './files-write.js';
import { REPOS_TOOLS } from './repos.js';
import { TAGS_TOOLS } from './tags.js';

/** All tool definitions. */
export const ALL_TOOLS: readonly ToolDefinition[] = Object.freeze([
  ...CONTEXT_TOOLS,
  ...REPOS_TOOLS,
  getFileContents,
  getRepositoryTree,
  ...FILES_WRITE_TOOLS,
  ...BRANCHES_TOOLS,
  ...COMMITS_TOOLS,
  ...TAGS_TOOLS,
]);

/** Old tool names that stay callable (not listed): old name → current name. */
export const TOOL_ALIASES: Readonly<Record<string, string>> = Object.freeze({});
