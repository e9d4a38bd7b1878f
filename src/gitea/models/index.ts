/**
 * The Gitea objects tools read, as zod schemas that parse them at the edge
 * (`request(…, { schema })`, `requestPage(…, { itemSchema })`), so a Gitea
 * that changes a field fails with `bad_response` instead of yielding a wrong
 * summary. Each type picks its fields from the generated swagger models
 * (types.gen.ts), and each schema must match its type field for field
 * (`satisfies WireShape<…>`): a field renamed or retyped in the swagger file
 * fails tsc here, not at run time in a summary.
 *
 * Fields are lenient where Gitea omits or nulls them (`.nullish()`, the
 * swagger file marks almost everything optional); only the fields a tool
 * cannot do without (an object's identity: `full_name`, `number`, `id`) are
 * required. Unknown fields are stripped: summaries read only these.
 *
 * One file per domain; the wire helpers (Wire, Nested, WireShape) are in wire.ts.
 */
export * from './actions.js';
export * from './issues.js';
export * from './notifications.js';
export * from './packages.js';
export * from './people.js';
export * from './pulls.js';
export * from './repos.js';
export * from './wiki.js';
