/**
 * A lean WebSocket client (RFC 6455) on a raw TCP socket, for the load generator. The `ws` library
 * costs the generator about as much CPU per frame as it costs the server, and the generator must stay
 * under half of its core at the rates we measure; this client does the handshake, masks what it sends
 * (a fresh random key per frame, as the RFC asks), parses what it receives without copying, answers
 * pings, and nothing else (no extensions, no UTF-8 validation). The server cannot tell it from any
 * other client: the bytes on the wire are the same.
 */
import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { connect, type Socket } from 'node:net';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export const OP_TEXT = 1;
export const OP_BINARY = 2;
const OP_CONT = 0;
const OP_CLOSE = 8;
const OP_PING = 9;
const OP_PONG = 10;

// Mask keys come from a pool of random bytes refilled when used up.
const maskPool = Buffer.allocUnsafe(64 * 1024);
let maskAt = maskPool.length;
function nextMask(): number {
  if (maskAt + 4 > maskPool.length) {
    randomFillSync(maskPool);
    maskAt = 0;
  }
  const at = maskAt;
  maskAt += 4;
  return at;
}

function frameHeader(len: number): number {
  return len < 126 ? 2 : len < 65536 ? 4 : 10;
}

/** Builds one masked frame holding `text` (UTF-8) or `bytes`. */
function encodeFrame(opcode: number, text: string | null, bytes: Uint8Array | null): Buffer {
  const len = text !== null ? Buffer.byteLength(text) : bytes!.length;
  const h = frameHeader(len);
  const out = Buffer.allocUnsafe(h + 4 + len);
  out[0] = 0x80 | opcode;
  if (len < 126) out[1] = 0x80 | len;
  else if (len < 65536) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(len, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeUInt32BE(Math.floor(len / 2 ** 32), 2);
    out.writeUInt32BE(len >>> 0, 6);
  }
  const m = nextMask();
  const m0 = maskPool[m]!;
  const m1 = maskPool[m + 1]!;
  const m2 = maskPool[m + 2]!;
  const m3 = maskPool[m + 3]!;
  out[h] = m0;
  out[h + 1] = m1;
  out[h + 2] = m2;
  out[h + 3] = m3;
  const p = h + 4;
  if (text !== null) out.write(text, p, 'utf8');
  else out.set(bytes!, p);
  let i = 0;
  for (; i + 3 < len; i += 4) {
    out[p + i] = out[p + i]! ^ m0;
    out[p + i + 1] = out[p + i + 1]! ^ m1;
    out[p + i + 2] = out[p + i + 2]! ^ m2;
    out[p + i + 3] = out[p + i + 3]! ^ m3;
  }
  for (; i < len; i++) out[p + i] = out[p + i]! ^ maskPool[m + (i & 3)]!;
  return out;
}

export interface ConnectOptions {
  host: string;
  port: number;
  path: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export class UpgradeRefused extends Error {
  constructor(readonly status: number, readonly body: string) {
    super(`upgrade refused: ${status} ${body.slice(0, 200)}`);
  }
}

export class LeanSocket {
  /** Called for each complete text or binary message; `payload` is only valid during the call. */
  onMessage: (opcode: number, payload: Buffer, now: number) => void = () => {};
  onClose: (code: number) => void = () => {};
  closed = false;
  closeCode = 0;
  private pending: Buffer | null = null;
  private fragments: Buffer[] | null = null;
  private fragmentOp = 0;

  private constructor(readonly socket: Socket) {}

  /** Opens the TCP connection and completes the HTTP upgrade. */
  static connect(o: ConnectOptions): Promise<LeanSocket> {
    return new Promise((resolve, reject) => {
      const key = randomBytes(16).toString('base64');
      const socket = connect({ host: o.host, port: o.port });
      socket.setNoDelay(true);
      let head = Buffer.alloc(0);
      let done = false;
      const fail = (err: Error) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        socket.destroy();
        reject(err);
      };
      const timer = setTimeout(() => fail(new Error('connect timed out')), o.timeoutMs ?? 15_000);
      socket.once('error', fail);
      socket.once('close', () => fail(new Error('closed during the upgrade')));
      socket.once('connect', () => {
        const lines = [
          `GET ${o.path} HTTP/1.1`,
          `Host: ${o.host}:${o.port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${key}`,
          'Sec-WebSocket-Version: 13',
          ...Object.entries(o.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
        ];
        socket.write(lines.join('\r\n') + '\r\n\r\n');
      });
      const onHead = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) {
          if (head.length > 16_384) fail(new Error('upgrade response too long'));
          return;
        }
        const text = head.subarray(0, end).toString('latin1');
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
        if (status !== 101) return fail(new UpgradeRefused(status, head.subarray(end + 4).toString()));
        const accept = /\r\nsec-websocket-accept:\s*(\S+)/i.exec(text)?.[1];
        const expected = createHash('sha1').update(key + GUID).digest('base64');
        if (accept !== expected) return fail(new Error('bad Sec-WebSocket-Accept'));
        done = true;
        clearTimeout(timer);
        socket.off('data', onHead);
        socket.removeAllListeners('error');
        socket.removeAllListeners('close');
        const ws = new LeanSocket(socket);
        socket.on('data', (c: Buffer) => ws.onData(c));
        socket.on('error', () => socket.destroy());
        socket.on('close', () => {
          if (!ws.closed) {
            ws.closed = true;
            ws.onClose(ws.closeCode || 1006);
          }
        });
        const rest = head.subarray(end + 4);
        resolve(ws);
        if (rest.length) ws.onData(Buffer.from(rest));
      };
      socket.on('data', onHead);
    });
  }

  sendText(text: string): void {
    if (!this.closed) this.socket.write(encodeFrame(OP_TEXT, text, null));
  }

  sendBinary(bytes: Uint8Array): void {
    if (!this.closed) this.socket.write(encodeFrame(OP_BINARY, null, bytes));
  }

  /** Bytes written to the kernel but not yet accepted by it (backpressure on our side). */
  get writeBacklog(): number {
    return this.socket.writableLength;
  }

  close(code = 1000): void {
    if (this.closed) return;
    const payload = Buffer.allocUnsafe(2);
    payload.writeUInt16BE(code, 0);
    this.socket.write(encodeFrame(OP_CLOSE, null, payload));
    this.closed = true;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    const now = performance.now();
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    let at = 0;
    while (buf.length - at >= 2) {
      const b0 = buf[at]!;
      const b1 = buf[at + 1]!;
      let len = b1 & 0x7f;
      let h = 2;
      if (len === 126) {
        if (buf.length - at < 4) break;
        len = buf.readUInt16BE(at + 2);
        h = 4;
      } else if (len === 127) {
        if (buf.length - at < 10) break;
        len = buf.readUInt32BE(at + 2) * 2 ** 32 + buf.readUInt32BE(at + 6);
        h = 10;
      }
      const masked = (b1 & 0x80) !== 0;
      const start = at + h + (masked ? 4 : 0);
      if (buf.length < start + len) break;
      let payload = buf.subarray(start, start + len);
      if (masked) {
        // Servers never mask; handle it anyway rather than misparse.
        payload = Buffer.from(payload);
        for (let i = 0; i < len; i++) payload[i] = payload[i]! ^ buf[at + h + (i & 3)]!;
      }
      at = start + len;
      this.onFrame(b0 & 0x0f, (b0 & 0x80) !== 0, payload, now);
      if (this.closed && this.socket.destroyed) return;
    }
    if (at < buf.length) this.pending = Buffer.from(buf.subarray(at));
  }

  private onFrame(opcode: number, fin: boolean, payload: Buffer, now: number): void {
    switch (opcode) {
      case OP_TEXT:
      case OP_BINARY:
        if (fin) this.onMessage(opcode, payload, now);
        else {
          this.fragmentOp = opcode;
          this.fragments = [Buffer.from(payload)];
        }
        return;
      case OP_CONT:
        if (!this.fragments) return;
        this.fragments.push(Buffer.from(payload));
        if (fin) {
          const whole = Buffer.concat(this.fragments);
          this.fragments = null;
          this.onMessage(this.fragmentOp, whole, now);
        }
        return;
      case OP_PING:
        if (!this.closed) this.socket.write(encodeFrame(OP_PONG, null, payload));
        return;
      case OP_PONG:
        return;
      case OP_CLOSE: {
        this.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        if (!this.closed) {
          this.socket.write(encodeFrame(OP_CLOSE, null, payload.subarray(0, 2)));
          this.closed = true;
          this.onClose(this.closeCode);
        }
        this.socket.end();
        return;
      }
    }
  }
}
