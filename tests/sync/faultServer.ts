// A fault-injecting HTTP proxy for sync tests: a real server on 127.0.0.1 (port 0) in front of a
// contract-correct backend (the real src/server, or MemoryBackend). Each push request takes the
// next fault from a schedule: drop the connection before forwarding, forward and then drop the
// answer (the backend has committed), answer 500/503, 429 with Retry-After, delay, or reorder
// (hold the request and forward it only after a later request was answered). Other requests
// (enrollment, health) pass through untouched. A delay longer than the client's timeout makes the
// client give up while the backend is about to commit.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PushResultV2 as PushResult } from '../../src/domain/contract';

export type Fault =
  | { kind: 'none' }
  | { kind: 'drop_before' }
  | { kind: 'drop_after' }
  | { kind: 'status'; status: 500 | 502 | 503 }
  | { kind: 'rate_limit'; retryAfter: 'seconds' | 'date' }
  | { kind: 'delay'; ms: number }
  | { kind: 'reorder' };

export type Backend = (request: Request) => Promise<Response>;

export interface ScheduleHooks {
  /** Runs when the n-th push request (0-based) arrives, before its fault: e.g. a user's edit. */
  onPush?(index: number): Promise<void>;
}

export interface FaultServer {
  url: string;
  /** Faults for the next push requests, in order; afterwards every request passes. */
  setSchedule(faults: readonly Fault[], hooks?: ScheduleHooks): void;
  /** Per-record results the backend gave (including answers that were then dropped). */
  readonly observed: PushResult[];
  /** Push requests seen since the last setSchedule. */
  readonly pushCount: number;
  /** Forwards every request still held for reordering (end of a run). */
  releaseHeld(): Promise<void>;
  close(): Promise<void>;
}

const PUSH_PATH = '/api/v2/sync/push';

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function toRequest(req: IncomingMessage, body: Buffer, base: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'host' || name === 'connection') continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const method = req.method ?? 'GET';
  return new Request(new URL(req.url ?? '/', base), {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(body),
  });
}

async function writeResponse(res: ServerResponse, response: Response, body: Buffer): Promise<void> {
  if (res.destroyed) return;
  const headers: Record<string, string> = {};
  // fetch() already decoded the backend's body (gzip…), so its encoding headers no longer apply.
  const dropped = new Set(['content-length', 'transfer-encoding', 'content-encoding']);
  response.headers.forEach((value, name) => {
    if (!dropped.has(name)) headers[name] = value;
  });
  headers['content-length'] = String(body.length);
  res.writeHead(response.status, headers);
  await new Promise<void>((resolve) => res.end(body, () => resolve()));
}

/** Starts the proxy in front of `backend`. */
export async function startFaultServer(backend: Backend): Promise<FaultServer> {
  let schedule: readonly Fault[] = [];
  let hooks: ScheduleHooks = {};
  let pushCount = 0;
  const observed: PushResult[] = [];
  let held: (() => Promise<void>)[] = [];
  const sockets = new Set<import('node:net').Socket>();

  /** Forwards to the backend and records the per-record results it committed. */
  async function forward(request: Request): Promise<{ response: Response; body: Buffer }> {
    const response = await backend(request);
    const body = Buffer.from(await response.arrayBuffer());
    if (request.url.endsWith(PUSH_PATH) && response.status === 200) {
      const parsed = JSON.parse(body.toString('utf8')) as { results: PushResult[] };
      observed.push(...parsed.results);
    }
    return { response, body };
  }

  async function releaseHeld(): Promise<void> {
    const pending = held;
    held = [];
    for (const release of pending) await release();
  }

  async function handle(req: IncomingMessage, res: ServerResponse, base: string): Promise<void> {
    const body = await readBody(req);
    const request = toRequest(req, body, base);
    if (new URL(request.url).pathname !== PUSH_PATH) {
      const { response, body: out } = await forward(request);
      await writeResponse(res, response, out);
      return;
    }
    const index = pushCount++;
    await hooks.onPush?.(index);
    const fault = schedule[index] ?? { kind: 'none' };
    switch (fault.kind) {
      case 'drop_before':
        req.socket.destroy();
        break;
      case 'drop_after':
        await forward(request);
        req.socket.destroy();
        break;
      case 'status':
        await writeResponse(
          res,
          new Response(null, { status: fault.status }),
          Buffer.from('{"error":{"code":"unavailable","message":"injected"}}'),
        );
        break;
      case 'rate_limit': {
        const retryAfter =
          fault.retryAfter === 'seconds' ? '2' : new Date(Date.now() + 3_000).toUTCString();
        await writeResponse(
          res,
          new Response(null, { status: 429, headers: { 'retry-after': retryAfter } }),
          Buffer.from('{"error":{"code":"rate_limited","message":"injected"}}'),
        );
        break;
      }
      case 'delay': {
        await new Promise((r) => setTimeout(r, fault.ms));
        const { response, body: out } = await forward(request);
        await writeResponse(res, response, out);
        break;
      }
      case 'reorder':
        // The request is held (as by a slow network path) and reaches the backend only after a
        // later request was answered. The phone's connection is cut at once, so it resends
        // without waiting for its timeout; the held original then arrives late.
        held.push(async () => {
          await forward(request);
        });
        req.socket.destroy();
        break;
      default: {
        const { response, body: out } = await forward(request);
        await writeResponse(res, response, out);
      }
    }
    if (fault.kind !== 'reorder') await releaseHeld();
  }

  const server = createServer((req, res) => {
    const address = server.address() as AddressInfo;
    handle(req, res, `http://127.0.0.1:${address.port}`).catch(() => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(502);
        res.end();
      } else {
        res.destroy();
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    observed,
    get pushCount() {
      return pushCount;
    },
    setSchedule(faults, scheduleHooks = {}) {
      schedule = faults;
      hooks = scheduleHooks;
      pushCount = 0;
      observed.length = 0;
    },
    releaseHeld,
    async close() {
      await releaseHeld();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A backend that forwards to a real server listening at `baseUrl`. */
export function httpBackend(baseUrl: string): Backend {
  return async (request) => {
    const url = new URL(request.url);
    const body = request.method === 'GET' ? undefined : await request.arrayBuffer();
    return fetch(new URL(url.pathname + url.search, baseUrl), {
      method: request.method,
      headers: request.headers,
      body,
    });
  };
}
