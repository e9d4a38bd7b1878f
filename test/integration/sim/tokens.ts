/** Test helper: adds a PAT with an explicit scope straight into simulator state. */
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../../../sim/http/auth.js';
import type { RunningSimulator } from '../../../sim/index.js';
import { parseScope } from '../../../sim/scopes.js';

/** Creates a token for `login` with Gitea scope string `scope` (e.g. `read:repository,public-only`). */
export function addScopedToken(sim: RunningSimulator, login: string, scope: string): string {
  const user = sim.sim.state.userByLogin(login);
  const parsed = parseScope(scope);
  if (!user || !parsed) throw new Error(`cannot create token for ${login} with scope ${scope}`);
  const token = randomBytes(20).toString('hex');
  const id = sim.sim.state.nextId('token');
  sim.sim.state.tokens.set(id, {
    id,
    userId: user.id,
    name: `test-${id}`,
    tokenSha256: sha256Hex(token),
    tokenLastEight: token.slice(-8),
    scope: parsed,
    created: new Date(),
  });
  return token;
}
