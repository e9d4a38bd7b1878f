/** api.User as Gitea renders it (services/convert/user.go, modules/structs/user.go). */
import type { SimContext } from '../context.js';
import type { SimUser } from '../state.js';

function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Gitea's time.Time JSON form (RFC 3339, second precision). */
export { iso as toGiteaTime };

/** Go's zero time.Time, which Gitea prints for unset timestamps. */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * How much of a user the caller may see (Gitea's toUser(signed, authed)):
 * `signed` reveals a public email, `authed` (self or site admin) the admin-only fields.
 */
export interface UserVisibility {
  signed: boolean;
  authed: boolean;
}

/**
 * Renders `user` for `viewer`: admin-only fields are filled for self and site
 * admins only, and a private email becomes `<login>@noreply.<domain>`.
 */
export function toApiUser(sim: SimContext, user: SimUser, viewer: SimUser | null): Record<string, unknown> {
  return toApiUserAs(sim, user, {
    signed: !!viewer,
    authed: !!viewer && (viewer.isAdmin || viewer.id === user.id),
  });
}

/**
 * Gitea's toUser with explicit flags; repository owners are rendered with
 * `signed` = "has any access" and `authed` = false (ToUserWithAccessMode).
 */
export function toApiUserAs(sim: SimContext, user: SimUser, vis: UserVisibility): Record<string, unknown> {
  const host = new URL(sim.appUrl()).hostname;
  const showEmail = vis.signed && (!user.keepEmailPrivate || vis.authed);
  return {
    id: user.id,
    login: user.login,
    login_name: '',
    source_id: 0,
    full_name: user.fullName,
    email: showEmail ? user.email : `${user.login.toLowerCase()}@noreply.${host}`,
    avatar_url: `${sim.appUrl()}avatars/${user.id}`,
    html_url: `${sim.appUrl()}${user.login}`,
    language: vis.authed ? user.language : '',
    is_admin: vis.authed ? user.isAdmin : false,
    last_login: vis.authed ? iso(user.lastLogin) : GO_ZERO_TIME,
    created: iso(user.created),
    // Restricted is shown to everyone (services/convert/user.go sets it unconditionally).
    restricted: user.restricted,
    active: vis.authed ? user.active : false,
    prohibit_login: vis.authed ? user.prohibitLogin : false,
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
