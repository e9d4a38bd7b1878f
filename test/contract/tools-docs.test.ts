/** docs/tools.md is generated from the registry; this fails when it is stale (UPDATE_SNAPSHOTS=1 regenerates it). */
import { fileURLToPath } from 'node:url';
import { it } from 'vitest';
import { ALL_TOOLS, renderToolsMarkdown } from '../../src/tools/index.js';
import { expectMatchesFile } from './tools-snapshot.js';

it('docs/tools.md is up to date with the tool registry', () => {
  expectMatchesFile(fileURLToPath(new URL('../../docs/tools.md', import.meta.url)), renderToolsMarkdown(ALL_TOOLS));
});
