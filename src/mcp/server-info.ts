/**
 * What the gateway says about itself in `initialize`: version, instructions,
 * capabilities. Kept apart from server.ts, which loads the SDK's `Server`, so
 * the fast path can answer `initialize` without loading it.
 */

/** Version reported in `serverInfo`. */
export const GATEA_VERSION = '0.1.0';

/** Sent in the `initialize` result; clients may show it to the model. */
export const SERVER_INSTRUCTIONS = [
  'Gatea gives you the Gitea/Forgejo account of the signed-in user: you see exactly what they may see.',
  'Call get_me first to learn the login. Repository tools take owner and repo separately (e.g. owner "alice", repo "hello-world").',
  'List tools are paged: pass the returned nextPage as page until it is null. Large files and diffs come in parts; each result says how to get the next part.',
  'A result with isError explains what went wrong and what to do; tell the user when it asks them to act (for example to reconnect and grant a scope).',
].join('\n');

/** `serverInfo` of the `initialize` result. */
export const SERVER_INFO = Object.freeze({ name: 'gatea', title: 'Gatea (Gitea gateway)', version: GATEA_VERSION });

/**
 * Capabilities of the `initialize` result: tools, whose list never changes while a client is
 * connected, and `logging` (MCP server/utilities/logging), so logging/setLevel is answered with {}.
 * Gatea sends no log notifications yet; its log goes to its own output.
 */
export const MCP_CAPABILITIES = Object.freeze({
  tools: Object.freeze({ listChanged: false }),
  logging: Object.freeze({}),
});
