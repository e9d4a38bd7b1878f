/** paginateAll walks pages but never past its bound. */
import { describe, expect, it } from 'vitest';
import {
  type GiteaClient,
  type GiteaPage,
  type GiteaPath,
  giteaPath,
  type PageOptions,
  paginateAll,
} from '../../../src/gitea/index.js';

/** A client over an in-memory list of `n` numbers, paging like Gitea (Link-derived nextPage, X-Total-Count). */
function listClient(n: number, seen: PageOptions[] = []): GiteaClient {
  return {
    request: () => Promise.reject(new Error('not used')),
    download: () => Promise.reject(new Error('not used')),
    requestPage: <T>(_m: string, _p: GiteaPath, o: PageOptions<T> = {}): Promise<GiteaPage<T>> => {
      seen.push(o as PageOptions);
      const page = o.page ?? 1;
      const perPage = o.limit ?? 30;
      const items = Array.from({ length: n }, (_, i) => i).slice((page - 1) * perPage, page * perPage) as T[];
      return Promise.resolve({ items, page, perPage, total: n, nextPage: page * perPage < n ? page + 1 : null });
    },
  };
}

describe('paginateAll', () => {
  it('collects every page with the largest page size', async () => {
    const seen: PageOptions[] = [];
    const res = await paginateAll<number>(listClient(120, seen), giteaPath('/user/repos'), { maxItems: 1000 });
    expect(res.items).toEqual(Array.from({ length: 120 }, (_, i) => i));
    expect([res.total, res.truncated]).toEqual([120, false]);
    expect(seen.map((o) => [o.page, o.limit])).toEqual([
      [1, 50],
      [2, 50],
      [3, 50],
    ]);
  });

  it('stops at maxItems and says the list was cut', async () => {
    const seen: PageOptions[] = [];
    const res = await paginateAll<number>(listClient(500, seen), giteaPath('/x'), { maxItems: 70, limit: 500 });
    expect(res.items).toHaveLength(70);
    expect(res.truncated).toBe(true);
    expect(seen).toHaveLength(2);
    const exact = await paginateAll<number>(listClient(100, []), giteaPath('/x'), { maxItems: 100 });
    expect([exact.items.length, exact.truncated]).toEqual([100, false]);
  });

  it('stops on an empty page even if the server claims more', async () => {
    let calls = 0;
    const liar: GiteaClient = {
      request: () => Promise.reject(new Error('not used')),
      download: () => Promise.reject(new Error('not used')),
      requestPage: <T>() => {
        calls++;
        return Promise.resolve<GiteaPage<T>>({ items: [], page: 1, perPage: 50, total: null, nextPage: 2 });
      },
    };
    expect((await paginateAll(liar, giteaPath('/x'), { maxItems: 10 })).items).toEqual([]);
    expect(calls).toBe(1);
  });

  it('refuses an unbounded walk', async () => {
    await expect(paginateAll(listClient(1), giteaPath('/x'), { maxItems: 0 })).rejects.toThrow(TypeError);
  });
});
