/**
 * Writes docs/configuration.md from the settings schema (src/config/settings.ts).
 * Usage: node --import tsx scripts/gen-config-docs.ts
 * test/unit/config/docs.test.ts fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderConfigurationMarkdown } from '../src/config/index.js';

/** Where the generated reference is committed. */
export const CONFIG_DOCS_PATH = fileURLToPath(new URL('../docs/configuration.md', import.meta.url));

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(CONFIG_DOCS_PATH, renderConfigurationMarkdown());
  process.stderr.write(`wrote ${CONFIG_DOCS_PATH}\n`);
}
