/** Renders docs/configuration.md from the settings schema, so the table cannot drift from the code (STYLE §2.9). */
import { listSettings } from './settings.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The configuration reference as Markdown. */
export function renderConfigurationMarkdown(): string {
  const rows = listSettings().map(
    (s) =>
      `| \`${s.env}\` | ${s.flag ? `\`${s.flag}\`` : ''} | ${cell(s.shownDefault)} | ${cell(s.description)}${s.secret ? ' *Secret.*' : ''} |`,
  );
  return [
    '# Configuration',
    '',
    '<!-- Generated from src/config/settings.ts by `node --import tsx scripts/gen-config-docs.ts`; a test fails when it is stale. -->',
    '',
    'Gatea reads its settings from the environment; flags override them',
    '(`--name value` or `--name=value`). A bad setting stops the process with',
    'exit code 2 and a message naming it, and all problems are reported at once.',
    'Booleans accept true/false, 1/0 and yes/no. Secrets that are empty or look like',
    'placeholders (`---`, `changeme`, `<...>`, `xxx`, `TODO`, `your-...`) are refused,',
    'and their values never appear in messages or logs.',
    '',
    '**From files.** Any setting below, the Gitea token variable of a service key and',
    '`GATEA_DOCTOR_TOKEN` can be read from a file instead: set `NAME_FILE` to its path',
    '(Docker and Compose secrets in `/run/secrets/`, Kubernetes secret volumes). One',
    'trailing line break is dropped. Setting both `NAME` and `NAME_FILE` (an empty `NAME`',
    'counts as unset), or naming a file that cannot be read or is over 64 KiB, stops the',
    'process with exit code 2.',
    '',
    '**Modes.** With `GITEA_OAUTH_CLIENT_ID` and `GITEA_OAUTH_CLIENT_SECRET` set, Gatea',
    'runs in broker mode: it is the OAuth server MCP clients talk to and keeps each',
    "user's Gitea token encrypted with `GATEA_ENCRYPTION_KEY` (then required). Without",
    'them, callers use service keys, or Gitea tokens directly when `GATEA_DIRECT_TOKENS`',
    'is true.',
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
    '`gatea keys list` shows the keys (never the keys themselves) and when each was',
    'last used; `gatea keys revoke ID` revokes one. A running gateway re-reads a',
    "key's record at most every 5 seconds rather than on every request, so a",
    'revocation takes effect within 5 seconds on every replica.',
    '',
  ].join('\n');
}
