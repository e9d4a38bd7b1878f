/** docs/configuration.md is generated from the settings table; this fails when it is stale (UPDATE_SNAPSHOTS=1 regenerates it). */
import { fileURLToPath } from 'node:url';
import { it } from 'vitest';
import { renderConfigurationMarkdown } from '../../src/config/index.js';
import { expectMatchesFile } from './tools-snapshot.js';

it('docs/configuration.md is up to date with the settings', () => {
  expectMatchesFile(
    fileURLToPath(new URL('../../docs/configuration.md', import.meta.url)),
    renderConfigurationMarkdown(),
  );
});
