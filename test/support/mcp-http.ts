/** A `tools/call` over plain HTTP, as a non-SDK client sends it to a gateway's MCP endpoint. */
export async function postToolCall(
  mcpUrl: string,
  bearer: string,
  name: string,
  args: Record<string, unknown>,
): Promise<{ status: number; text: string }> {
  const res = await fetch(mcpUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${bearer}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
  });
  return { status: res.status, text: await res.text() };
}
