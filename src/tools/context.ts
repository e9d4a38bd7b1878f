/** Toolset `context`: who the assistant is acting as. */
import { z } from 'zod';
import { type GiteaUser, giteaPath, userSchema } from '../gitea/index.js';
import { defineTool } from './define.js';
import { sanitizeOptional } from './sanitize.js';

/** `get_me`: the signed-in Gitea user. */
export const getMe = defineTool({
  name: 'get_me',
  toolset: 'context',
  title: 'Get my Gitea user',
  description: 'Get the Gitea user you act as (login, name, admin flag), i.e. who "my" means.',
  scopes: ['read:user'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({}).strict(),
  async run(_args, { gitea, caller, signal }) {
    const { data: u } = await gitea.request<GiteaUser>('GET', giteaPath('/user'), { schema: userSchema, signal });
    return {
      login: u.login,
      fullName: sanitizeOptional(u.full_name) || undefined,
      email: u.email || undefined,
      isAdmin: u.is_admin,
      htmlUrl: u.html_url,
      description: sanitizeOptional(u.description) || undefined,
      visibility: u.visibility,
      createdAt: u.created,
      // What Gatea knows about this session; the scopes bound what any tool can do.
      session: { authKind: caller.kind, grantedScopes: caller.grantedScopes },
    };
  },
});

/** The `context` toolset. */
export const CONTEXT_TOOLS = [getMe] as const;
