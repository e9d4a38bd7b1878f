/** Routes without a scope category: version and API settings (reference §3.4, §4.3, §5). */
import { giteaJson } from '../http/errors.js';
import { DEFAULT_PAGING_NUM, MAX_RESPONSE_ITEMS } from '../http/pagination.js';
import type { SimRouter } from '../http/route.js';

export function registerMiscRoutes(router: SimRouter): void {
  router.add(
    {
      method: 'GET',
      path: '/version',
      scope: [],
      handler: (c) => giteaJson(c, { version: c.get('sim').profile.apiVersion }),
    },
    {
      method: 'GET',
      path: '/settings/api',
      scope: [],
      handler: (c) =>
        giteaJson(c, {
          max_response_items: MAX_RESPONSE_ITEMS,
          default_paging_num: DEFAULT_PAGING_NUM,
          default_git_trees_per_page: 1000,
          default_max_blob_size: 10485760,
          default_max_response_size: 104857600,
        }),
    },
  );
}
