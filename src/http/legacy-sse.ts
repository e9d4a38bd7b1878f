/**
 * The deprecated HTTP+SSE transport (MCP 2024-11-05): GET /sse opens a stream
 * whose first event names the POST endpoint; POST /messages?sessionId=…
 * delivers client messages and answers arrive on the stream. Off by default
 * (GATEA_LEGACY_SSE); when on, sessions live in this replica's memory, so a
 * load balancer needs sticky sessions for it. Web-standard streams only.
 * A session is bound to the credentials that opened it: a POST with other
 * credentials is refused, so a leaked session id alone is useless.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { type JSONRPCMessage, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import type { AuthenticatedCaller } from '../auth/index.js';
import { createMcpServer } from '../mcp/index.js';
import type { ToolContext, ToolLogger, ToolRegistry } from '../tools/index.js';
import { json } from './rest-tools.js';

/** Concurrent legacy sessions per replica (each holds an open stream). */
const MAX_SESSIONS = 1000;
const KEEPALIVE_MS = 15_000;

class SseStreamTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private closed = false;
  private readonly encoder = new TextEncoder();
  constructor(
    readonly sessionId: string,
    private readonly controller: ReadableStreamDefaultController<Uint8Array>,
  ) {}
  async start(): Promise<void> {}
  write(chunk: string): void {
    if (!this.closed) this.controller.enqueue(this.encoder.encode(chunk));
  }
  async send(message: JSONRPCMessage): Promise<void> {
    this.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      this.controller.close();
    } catch {
      // already cancelled by the client
    }
    this.onclose?.();
  }
}

interface Session {
  readonly transport: SseStreamTransport;
  /** SHA-256 of the Authorization header that opened the session. */
  readonly owner: string;
}

async function credentialFingerprint(req: Request): Promise<string> {
  const header = req.headers.get('authorization') ?? '';
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(header));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The two legacy endpoints; both answer 404 with a pointer to /mcp when disabled. */
export function createLegacySseEndpoints(deps: { registry: ToolRegistry; log: ToolLogger; enabled: boolean }) {
  const sessions = new Map<string, Session>();
  const disabled = () =>
    json(404, {
      error: 'legacy_sse_disabled',
      message:
        'The legacy HTTP+SSE transport is off on this Gatea. Connect with Streamable HTTP at /mcp (the operator can enable /sse with GATEA_LEGACY_SSE=true).',
    });

  async function open(
    req: Request,
    contextFor: (signal: AbortSignal) => ToolContext,
    _auth: AuthenticatedCaller,
  ): Promise<Response> {
    if (!deps.enabled) return disabled();
    if (sessions.size >= MAX_SESSIONS)
      return json(503, { error: 'too_many_sessions', message: 'Too many open SSE sessions; use /mcp instead.' });
    const owner = await credentialFingerprint(req);
    const sessionId = crypto.randomUUID();
    let timer: ReturnType<typeof setInterval> | undefined;
    const stream = new ReadableStream<Uint8Array>({
      start: async (controller) => {
        const transport = new SseStreamTransport(sessionId, controller);
        transport.onclose = () => {
          clearInterval(timer);
          sessions.delete(sessionId);
        };
        sessions.set(sessionId, { transport, owner });
        const server = createMcpServer({ registry: deps.registry, contextFor, log: deps.log });
        await server.connect(transport);
        transport.write(`event: endpoint\ndata: /messages?sessionId=${sessionId}\n\n`);
        timer = setInterval(() => transport.write(': keepalive\n\n'), KEEPALIVE_MS);
      },
      cancel: () => {
        void sessions.get(sessionId)?.transport.close();
      },
    });
    return new Response(stream, {
      headers: {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      },
    });
  }

  async function post(req: Request, bodyText: string, _auth: AuthenticatedCaller): Promise<Response> {
    if (!deps.enabled) return disabled();
    const sessionId = new URL(req.url).searchParams.get('sessionId') ?? '';
    const session = sessions.get(sessionId);
    if (!session || session.owner !== (await credentialFingerprint(req)))
      return json(404, { error: 'unknown_session', message: 'No such SSE session. Open a new one with GET /sse.' });
    let message: JSONRPCMessage;
    try {
      message = JSONRPCMessageSchema.parse(JSON.parse(bodyText));
    } catch {
      return json(400, { error: 'invalid_message', message: 'The body is not a JSON-RPC message.' });
    }
    session.transport.onmessage?.(message);
    return new Response('Accepted', { status: 202 });
  }

  return { open, post, sessionCount: () => sessions.size };
}
