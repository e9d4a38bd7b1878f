/**
 * The HTML pages of the provider: sign-in (templates/user/auth/signin),
 * consent (user/auth/grant), the authorize error page (user/auth/grant_error)
 * and the applications settings page. Plain forms with Gitea's field names and
 * element ids, so a browser can fill them and a test can post them over HTTP.
 */

/** HTML-escapes text and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en-US">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)} - Gitea</title></head>
<body>
<div role="main" class="page-content">
${body}
</div>
</body>
</html>
`;
}

const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${esc(value)}">`;

/** The sign-in form; `error` is the flash shown after a failed attempt. */
export function signInPage(csrf: string, userName: string, error?: string): string {
  return layout(
    'Sign In',
    `<h4 class="ui top attached header">Sign In</h4>
${error ? `<div class="ui negative message flash-error"><p>${esc(error)}</p></div>` : ''}
<form class="ui form" action="/user/login" method="post">
${hidden('_csrf', csrf)}
<div class="required field"><label for="user_name">Username or Email Address</label>
<input id="user_name" type="text" name="user_name" value="${esc(userName)}" autofocus required></div>
<div class="required field"><label for="password">Password</label>
<input id="password" name="password" type="password" value="" autocomplete="current-password" required></div>
<div class="inline field"><input type="checkbox" name="remember" id="remember"><label for="remember">Remember This Device</label></div>
<button id="sign-in" class="ui primary button" type="submit">Sign In</button>
</form>`,
  );
}

export interface ConsentView {
  csrf: string;
  appName: string;
  ownerLogin: string;
  clientId: string;
  redirectUri: string;
  state: string;
  scope: string;
  nonce: string;
  /** True when the grant scope limits API access (GrantAdditionalScopes ≠ all). */
  additionalScopes: boolean;
}

/** The consent page (user/auth/grant): POSTs to /login/oauth/grant with `granted=true|false`. */
export function consentPage(v: ConsentView): string {
  const access = v.additionalScopes
    ? `<p>This application requests the following permissions: <code id="scope">${esc(v.scope)}</code></p>`
    : `<p>This application will have <strong>full access</strong> to your account, including all repositories and organizations.</p>`;
  return layout(
    'Authorize Application',
    `<h3 class="ui top attached header">Authorize Application</h3>
<div class="ui attached segment">
<p><strong id="app-name">${esc(v.appName)}</strong> (created by <a href="/${esc(v.ownerLogin)}">@${esc(v.ownerLogin)}</a>) wants to access your account.</p>
${access}
<p>You will be redirected to <strong>${esc(v.redirectUri)}</strong> if you authorize this application.</p>
</div>
<div class="ui attached segment">
<form method="post" action="/login/oauth/grant">
${hidden('_csrf', v.csrf)}
${hidden('client_id', v.clientId)}
${hidden('state', v.state)}
${hidden('scope', v.scope)}
${hidden('nonce', v.nonce)}
${hidden('redirect_uri', v.redirectUri)}
<button type="submit" id="authorize-app" name="granted" value="true" class="ui red inline button">Authorize Application</button>
<button type="submit" id="cancel" name="granted" value="false" class="ui basic primary inline button">Cancel</button>
</form>
</div>`,
  );
}

/** The 400 page for an unknown client or unregistered redirect URI (user/auth/grant_error). */
export function grantErrorPage(code: string, description: string): string {
  return layout(
    'Authorization failed',
    `<h3 class="ui top attached header">Authorization failed</h3>
<div class="ui attached segment"><p>The authorization request could not be processed.</p>
<p class="error-description"><strong>${esc(description)}</strong> (<code class="error-code">${esc(code)}</code>)</p></div>`,
  );
}

export interface AuthorizedAppRow {
  appId: number;
  grantId: number;
  name: string;
  scope: string;
  created: Date;
}

/** /user/settings/applications: the user's authorized OAuth2 applications, each with a revoke form. */
export function applicationsPage(csrf: string, rows: AuthorizedAppRow[]): string {
  const items = rows
    .map(
      (r) => `<div class="flex-item" id="grant-${r.grantId}">
<span class="flex-item-title">${esc(r.name)}</span> <span class="scope">${esc(r.scope)}</span>
<span class="flex-item-body">Authorized on ${esc(r.created.toISOString().slice(0, 10))}</span>
<form method="post" action="/user/settings/applications/oauth2/${r.appId}/revoke/${r.grantId}">
${hidden('_csrf', csrf)}<button type="submit" class="ui red tiny button">Revoke</button></form>
</div>`,
    )
    .join('\n');
  return layout(
    'Applications',
    `<h4 class="ui top attached header">Authorized OAuth2 Applications</h4>
<div class="ui attached segment"><div class="flex-list">
${rows.length > 0 ? items : '<p>You have not authorized any applications.</p>'}
</div></div>`,
  );
}
