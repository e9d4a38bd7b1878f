/** `gatea keys create|list|revoke`: service keys for in-cluster callers (DESIGN §2). */
import { randomBytes } from 'node:crypto';
import { generateServiceKey } from '../auth/index.js';
import { ConfigError } from '../config/index.js';
import type { Store } from '../store/index.js';

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

interface Io {
  out(line: string): void;
}

function flagValue(argv: readonly string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const arg = argv[i] as string;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[i + 1];
}

/** Runs one keys subcommand against `store`; throws ConfigError for bad flags. */
export async function runKeys(argv: readonly string[], store: Store, io: Io, now: () => number): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === 'create') {
    const name = flagValue(rest, '--name');
    const scopes = flagValue(rest, '--scopes') ?? 'read';
    const giteaTokenEnv = flagValue(rest, '--gitea-token-env');
    const problems: { setting: string; problem: string }[] = [];
    if (!name || !/^[\w.-]{1,64}$/.test(name))
      problems.push({ setting: '--name', problem: 'must be 1–64 letters, digits, dots, dashes or underscores' });
    if (scopes !== 'read' && scopes !== 'write')
      problems.push({ setting: '--scopes', problem: 'must be read or write' });
    if (!giteaTokenEnv || !ENV_NAME.test(giteaTokenEnv))
      problems.push({
        setting: '--gitea-token-env',
        problem:
          'must name the environment variable (e.g. CI_BOT_GITEA_TOKEN) that holds the Gitea token this key acts with',
      });
    if (problems.length > 0) throw new ConfigError(problems);
    const generated = generateServiceKey(randomBytes);
    await store.createServiceKey({
      id: generated.id,
      name: name as string,
      keyHash: generated.keyHash,
      scopes: scopes as 'read' | 'write',
      giteaTokenEnv: giteaTokenEnv as string,
      createdAt: now(),
    });
    io.out(generated.key);
    return;
  }
  if (sub === 'list') {
    for (const k of await store.listServiceKeys())
      io.out(
        JSON.stringify({
          id: k.id,
          name: k.name,
          scopes: k.scopes,
          giteaTokenEnv: k.giteaTokenEnv,
          createdAt: new Date(k.createdAt).toISOString(),
          lastUsedAt: k.lastUsedAt ? new Date(k.lastUsedAt).toISOString() : null,
          revoked: k.revoked,
        }),
      );
    return;
  }
  if (sub === 'revoke') {
    const id = rest[0];
    if (!id)
      throw new ConfigError([{ setting: 'gatea keys revoke', problem: 'needs the key id (see gatea keys list)' }]);
    if (!(await store.revokeServiceKey(id, now())))
      throw new ConfigError([{ setting: 'gatea keys revoke', problem: `found no active key with id ${id}` }]);
    io.out(`revoked ${id}`);
    return;
  }
  throw new ConfigError([{ setting: 'gatea keys', problem: 'needs a subcommand: create, list or revoke' }]);
}
