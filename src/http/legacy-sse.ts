/**
 * The deprecated HTTP+SSE transport (MCP 2024-11-05): GET /sse opens a stream
 * whose first event names the POST endpoint; POST /messages?sessionId=…
 * delivers client messages and answers arrive on the stream. Off by default
 * (GATEA_LEGACY_SSE); when on, sessions live in this replica's memory, so a
 * load balancer needs sticky sessions for it. Web-standard streams only.
 * A session is bound to the credentials that opened it: a POST with other
 * credentials is refused, so a leaked session id alone is useless. Tool calls
 * go through the dispatcher with the caller that opened the session. Each
 * caller may hold a few sessions (so one caller cannot exhaust the pool), and
 * a session nobody posts to for IDLE_MS is closed.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { type JSONRPCMessage, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import type { AuthenticatedCaller } from '../auth/index.js';
import { loadMcpServer, type ToolDispatcher } from '../mcp/index.js';
import type { ToolContext } from '../tools/index.js';
import { json } from './responses.js';

/** Concurrent legacy sessions per replica (each holds an open stream). */
export const MAX_SSE_SESSIONS = 1000;
/** Concurrent sessions of one caller (a client reconnecting opens a new one before the old one times out). */
export const MAX_SSE_SESSIONS_PER_CALLER = 5;
const KEEPALIVE_MS = 15_000;
/** A session without a POST for this long is closed. */
export const SSE_IDLE_MS = 30 * 60_000;

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
  /** Who opened it (kind and login), for the per-caller cap. */
  readonly callerKey: string;
  lastActivity: number;
}

async function credentialFingerprint(req: Request): Promise<string> {
  const header = req.headers.get('authorization') ?? '';
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(header));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The two legacy endpoints; both answer 404 with a pointer to /mcp when disabled. */
export function createLegacySseEndpoints(deps: {
  dispatcher: ToolDispatcher;
  enabled: boolean;
  now?: () => number;
  idleMs?: number;
}) {
  const now = deps.now ?? Date.now;
  const idleMs = deps.idleMs ?? SSE_IDLE_MS;
  const sessions = new Map<string, Session>();
  const sessionsOf = (callerKey: string) => {
    let n = 0;
    for (const s of sessions.values()) if (s.callerKey === callerKey) n++;
    return n;
  };
  const disabled = () =>
    json(404, {
      error: 'legacy_sse_disabled',
      message:
        'The legacy HTTP+SSE transport is off on this Gatea. Connect with Streamable HTTP at /mcp (the operator can enable /sse with GATEA_LEGACY_SSE=true).',
    });

  async function open(
    req: Request,
    contextFor: (signal: AbortSignal) => ToolContext,
    auth: AuthenticatedCaller,
  ): Promise<Response> {
    if (!deps.enabled) return disabled();
    const callerKey = `${auth.caller.kind}:${auth.caller.login ?? ''}`;
    if (sessionsOf(callerKey) >= MAX_SSE_SESSIONS_PER_CALLER)
      return json(429, {
        error: 'too_many_sessions',
        message: `You already hold ${MAX_SSE_SESSIONS_PER_CALLER} open SSE sessions; close one, or use Streamable HTTP at /mcp.`,
      });
    if (sessions.size >= MAX_SSE_SESSIONS)
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
        const session: Session = { transport, owner, callerKey, lastActivity: now() };
        sessions.set(sessionId, session);
        const { createMcpServer } = await loadMcpServer();
        const server = createMcpServer({ dispatcher: deps.dispatcher, contextFor });
        await server.connect(transport);
        transport.write(`event: endpoint\ndata: /messages?sessionId=${sessionId}\n\n`);
        timer = setInterval(
          () => {
            if (now() - session.lastActivity >= idleMs) void transport.close();
            else transport.write(': keepalive\n\n');
          },
          Math.min(KEEPALIVE_MS, idleMs),
        );
      },
      cancel: () => {
        void sessions.get(sessionId)?.transport.close();
      },
    });
    return new Response(stream, {
      headers: {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store, no-transform',
        'x-accel-buffering': 'no',
      },
    });
  }

  async function post(req: Request, bodyText: string): Promise<Response> {
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
    session.lastActivity = now();
    session.transport.onmessage?.(message);
    return new Response('Accepted', { status: 202 });
  }

  /** Ends every open stream (shutdown): clients see the stream close and reconnect elsewhere. */
  const closeAll = () => {
    for (const s of sessions.values()) void s.transport.close();
  };

  return { open, post, closeAll, sessionCount: () => sessions.size };
}
