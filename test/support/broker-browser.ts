/**
 * A user's browser for broker flows over plain HTTP (no Chromium): keeps
 * cookies, signs in to the simulated Gitea, and clicks through Gatea's and
 * Gitea's consent pages to the client's redirect. Used by the broker tests
 * and by the benchmark (which needs a Gatea access token).
 */
import { formFields, signIn, submitConsent, WebClient } from './sim-oauth.js';

/** A user's browser: signs in to the simulated Gitea, then follows an authorization through to the client's redirect. */
export class Browser {
  readonly web: WebClient;
  private readonly gatewayUrl: string;
  constructor(
    where: { sim: { url: string }; base: string } | { giteaUrl: string; gatewayUrl: string },
    private readonly login: string,
    private readonly password = `${login}-password-1`,
  ) {
    const giteaUrl = 'sim' in where ? where.sim.url : where.giteaUrl;
    this.gatewayUrl = 'base' in where ? where.base : where.gatewayUrl;
    this.web = new WebClient(giteaUrl);
  }

  async signIn(): Promise<void> {
    const res = await signIn(this.web, this.login, this.password);
    if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
  }

  /** Opens Gatea's authorize URL and returns the consent page (or the refusal). */
  open(authorizeUrl: string | URL): Promise<Response> {
    return this.web.fetch(String(authorizeUrl));
  }

  /** Allows (or denies) Gatea's consent page, then Gitea's; returns the final redirect to the client. */
  async consent(consentHtml: string, decision: 'allow' | 'deny' = 'allow'): Promise<Response> {
    let res = await this.web.post(`${this.gatewayUrl}/authorize/consent`, { ...formFields(consentHtml), decision });
    if (decision === 'deny') return res;
    if (res.status !== 302) throw new Error(`consent: ${res.status} ${await res.text()}`);
    res = await this.web.fetch(res.headers.get('location') as string);
    if (res.status === 200) res = await submitConsent(this.web, await res.text(), true);
    if (res.status !== 303 && res.status !== 302) throw new Error(`gitea authorize: ${res.status}`);
    return this.web.fetch(res.headers.get('location') as string);
  }

  /** Open + consent in one go: the client's redirect URL with code, state and iss. */
  async authorize(authorizeUrl: string | URL): Promise<URL> {
    const page = await this.open(authorizeUrl);
    if (page.status !== 200) throw new Error(`authorize: ${page.status} ${page.headers.get('location')}`);
    const done = await this.consent(await page.text());
    return new URL(done.headers.get('location') as string);
  }
}
