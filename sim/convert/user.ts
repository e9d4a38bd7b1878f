/** api.User as Gitea renders it (services/convert/user.go, modules/structs/user.go). */
import type { SimContext } from '../context.js';
import type { SimUser } from '../state.js';

function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Gitea's time.Time JSON form (RFC 3339, second precision). */
export { iso as toGiteaTime };

/**
 * Renders `user` for `viewer`: admin-only fields are filled for self and site
 * admins only, and a private email becomes `<login>@noreply.<domain>`.
 */
export function toApiUser(sim: SimContext, user: SimUser, viewer: SimUser | null): Record<string, unknown> {
  const privileged = !!viewer && (viewer.isAdmin || viewer.id === user.id);
  const host = new URL(sim.appUrl()).hostname;
  const showEmail = privileged || (!!viewer && !user.keepEmailPrivate);
  return {
    id: user.id,
    login: user.login,
    login_name: '',
    source_id: 0,
    full_name: user.fullName,
    email: showEmail ? user.email : `${user.login.toLowerCase()}@noreply.${host}`,
    avatar_url: `${sim.appUrl()}avatars/${user.id}`,
    html_url: `${sim.appUrl()}${user.login}`,
    language: privileged ? user.language : '',
    is_admin: privileged ? user.isAdmin : false,
    last_login: privileged ? iso(user.lastLogin) : '0001-01-01T00:00:00Z',
    created: iso(user.created),
    restricted: privileged ? user.restricted : false,
    active: privileged ? user.active : false,
    prohibit_login: privileged ? user.prohibitLogin : false,
    location: user.location,
    website: user.website,
    description: user.description,
    visibility: user.visibility,
    followers_count: user.followers.size,
    following_count: user.following.size,
    starred_repos_count: [...sim.state.repos.values()].filter((r) => r.stars.has(user.id)).length,
    username: user.login,
  };
}
