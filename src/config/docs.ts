/** Renders docs/configuration.md from SETTINGS, so the table cannot drift from the code (STYLE §2.9). */
import { SETTINGS } from './load.js';

/** The configuration reference as Markdown. */
export function renderConfigurationMarkdown(): string {
  const rows = SETTINGS.map((s) => `| \`${s.env}\` | ${s.flag ? `\`${s.flag}\`` : ''} | ${s.def} | ${s.about} |`);
  return [
    '# Configuration',
    '',
    '<!-- Generated from src/config/load.ts (SETTINGS); `UPDATE_SNAPSHOTS=1 npm test` rewrites it. -->',
    '',
    'Gatea reads its settings from the environment; flags override them. A bad',
    'setting stops the process with exit code 2 and a message naming it, and all',
    'problems are reported at once. Secrets that are empty or look like',
    'placeholders (`---`, `changeme`, `<...>`, `xxx`, `TODO`, `your-...`) are refused.',
    '',
    '| variable | flag | default | meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
    '## Service keys',
    '',
    '`gatea keys create --name N --scopes read|write --gitea-token-env VAR` prints a',
    'new `gmk_…` key once; only its hash is stored. The key acts with the Gitea token',
    'in the environment variable `VAR` of the `gatea serve` process: set it there.',
    'A key whose variable is empty or a placeholder stops `gatea serve` at start-up.',
    '`gatea keys list` shows the keys (never the keys themselves); `gatea keys revoke ID`',
    'revokes one at once.',
    '',
  ].join('\n');
}
