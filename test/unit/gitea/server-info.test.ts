/** Telling Gitea from Forgejo by their version endpoints (reference §5). */
import { describe, expect, it } from 'vitest';
import { detectGiteaServer, type GiteaFetch, parseServerVersion } from '../../../src/gitea/index.js';

describe('parseServerVersion', () => {
  it('reads Gitea and Forgejo version strings', () => {
    expect(parseServerVersion('1.25.0', null)).toEqual({
      flavor: 'gitea',
      version: '1.25.0',
      giteaCompatVersion: '1.25.0',
    });
    expect(parseServerVersion('11.0.1+gitea-1.22.0', null)).toEqual({
      flavor: 'forgejo',
      version: '11.0.1',
      giteaCompatVersion: '1.22.0',
    });
    expect(parseServerVersion('11.0.1+gitea-1.22.0', '11.0.1-87-abc')).toMatchObject({
      flavor: 'forgejo',
      version: '11.0.1-87-abc',
    });
  });
});

describe('detectGiteaServer', () => {
  it('asks anonymously and uses the Forgejo endpoint when it answers', async () => {
    const seen: { url: string; auth: string | undefined }[] = [];
    const fetch: GiteaFetch = (url, init) => {
      seen.push({ url, auth: init.headers.Authorization });
      const body = url.includes('/api/forgejo/v1/') ? { version: '12.0.0' } : { version: '12.0.0+gitea-1.22.0' };
      return Promise.resolve(new Response(JSON.stringify(body)));
    };
    const info = await detectGiteaServer({ baseUrl: 'https://forge.example', timeoutMs: 500, retries: 0, fetch });
    expect(info).toEqual({ flavor: 'forgejo', version: '12.0.0', giteaCompatVersion: '1.22.0' });
    expect(seen.map((s) => s.url).sort()).toEqual([
      'https://forge.example/api/forgejo/v1/version',
      'https://forge.example/api/v1/version',
    ]);
    expect(seen.every((s) => s.auth === undefined)).toBe(true);
  });

  it('treats a 404 from the Forgejo endpoint as Gitea', async () => {
    const fetch: GiteaFetch = (url) =>
      Promise.resolve(
        url.includes('forgejo')
          ? new Response('{"message":"not found"}', { status: 404 })
          : new Response('{"version":"1.24.3"}'),
      );
    expect(await detectGiteaServer({ baseUrl: 'https://git.example', timeoutMs: 500, retries: 0, fetch })).toEqual({
      flavor: 'gitea',
      version: '1.24.3',
      giteaCompatVersion: '1.24.3',
    });
  });
});
