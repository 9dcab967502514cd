/** A real `ws` client that queues frames so tests can await the next one of a type. */
import WebSocket from 'ws';
import { PROTOCOL_VERSION, type ServerMessage } from '../../shared/protocol';

export class TestSocket {
  readonly frames: ServerMessage[] = [];
  private waiters: { pred: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }[] = [];
  closed: Promise<{ code: number; reason: string }>;
  private cursor = 0;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as ServerMessage;
      this.frames.push(msg);
      for (const w of [...this.waiters]) {
        if (w.pred(msg)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          clearTimeout(w.timer);
          w.resolve(msg);
        }
      }
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static open(base: string, sessionId: string, cookie: string, headers: Record<string, string> = {}): Promise<TestSocket> {
    const url = `${base.replace(/^http/, 'ws')}/ws?session=${encodeURIComponent(sessionId)}`;
    const ws = new WebSocket(url, { headers: { cookie, ...headers } });
    const sock = new TestSocket(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(sock));
      ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`upgrade refused ${res.statusCode}`), { status: res.statusCode })));
      ws.once('error', reject);
    });
  }

  /** Opens and completes the hello/welcome handshake. */
  static async join(base: string, sessionId: string, cookie: string, lastSeq = 0) {
    const s = await TestSocket.open(base, sessionId, cookie);
    s.send({ type: 'hello', protocol: PROTOCOL_VERSION, lastSeq });
    const welcome = (await s.next('welcome')) as Extract<ServerMessage, { type: 'welcome' }>;
    return { s, welcome };
  }

  /** Joins as someone who drives the clock, starts it and ends it (each acked), then leaves: an ended session. */
  static async startAndEnd(base: string, sessionId: string, cookie: string): Promise<void> {
    const { s } = await TestSocket.join(base, sessionId, cookie);
    s.send({ type: 'phase', opId: 'p1', action: 'start' });
    await s.next('ack');
    s.send({ type: 'phase', opId: 'p2', action: 'end' });
    await s.next('ack');
    s.close();
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  /** The next frame (not yet consumed by next()) matching the type/predicate. */
  next<T extends ServerMessage['type']>(type: T, pred: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true, timeoutMs = 5000): Promise<Extract<ServerMessage, { type: T }>> {
    const match = (m: ServerMessage) => m.type === type && pred(m as Extract<ServerMessage, { type: T }>);
    for (let i = this.cursor; i < this.frames.length; i++) {
      if (match(this.frames[i]!)) {
        const m = this.frames[i]!;
        this.frames.splice(i, 1);
        return Promise.resolve(m as Extract<ServerMessage, { type: T }>);
      }
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.findIndex((w) => w.timer === timer), 1);
        reject(new Error(`timed out waiting for ${type}; got ${JSON.stringify(this.frames.slice(-5))}`));
      }, timeoutMs);
      this.waiters.push({
        pred: match,
        resolve: (m) => {
          this.frames.splice(this.frames.indexOf(m), 1);
          resolve(m as Extract<ServerMessage, { type: T }>);
        },
        reject,
        timer,
      });
    });
  }

  /** Frames of a type received so far (not consumed). */
  all<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.frames.filter((f) => f.type === type) as Extract<ServerMessage, { type: T }>[];
  }

  close(): void {
    this.ws.close();
  }
}
