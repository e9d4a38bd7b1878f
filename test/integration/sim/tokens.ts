/**
 * Test helper: creates a PAT with an explicit scope the way a user does, over
 * the simulator's `POST /users/{username}/tokens` with Basic auth.
 */
import type { RunningSimulator } from '../../../sim/index.js';

let counter = 0;

/** Creates a token for `login` with Gitea scope string `scope` (e.g. `read:repository,public-only`). */
export async function addScopedToken(sim: RunningSimulator, login: string, scope: string): Promise<string> {
  const user = sim.sim.state.userByLogin(login);
  if (!user) throw new Error(`no user ${login}`);
  counter += 1;
  const res = await fetch(`${sim.url}/api/v1/users/${login}/tokens`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${user.login}:${user.password}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ name: `test-${counter}`, scopes: scope.split(',') }),
  });
  const body = (await res.json()) as { sha1?: string; message?: string };
  if (res.status !== 201 || !body.sha1)
    throw new Error(`cannot create token for ${login} with scope ${scope}: ${res.status} ${body.message}`);
  return body.sha1;
}
