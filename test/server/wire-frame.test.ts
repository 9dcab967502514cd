/**
 * Built frames are written straight to the TCP socket under `ws` (server/rooms/connection.ts
 * `rawWriter`). That reaches into `ws` internals, so this checks, against the installed `ws`, that the
 * direct path is available and that a real client reads those frames, in order with the frames `ws`
 * writes itself (a ping's pong, the close).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { rawWriter } from '../../server/rooms/connection';
import { ackWireFrame, eventWireFrame, textFrame } from '../../server/rooms/wire-frame';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function pair(): Promise<{ server: WebSocket; client: WebSocket; received: string[] }> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => { wss.close(); http.close(() => r()); http.closeAllConnections(); }));
  const serverSide = new Promise<WebSocket>((r) => wss.once('connection', r));
  const client = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`);
  const received: string[] = [];
  client.on('message', (d, binary) => received.push(binary ? '<binary>' : d.toString()));
  await new Promise((r) => client.once('open', r));
  return { server: await serverSide, client, received };
}

describe('frames written around ws', () => {
  it('the installed ws allows the direct path, and a client reads every frame in order', async () => {
    const { server, client, received } = await pair();
    const raw = rawWriter(server);
    expect(raw, 'ws internals changed: built frames would fall back to ws.send').not.toBeNull();
    expect(raw!.ready()).toBe(true);

    const e = { seq: 12, ts: 1_700_000_000_000, author: 'ivy', kind: 'chat' as const };
    const data = JSON.stringify({ text: 'héllo "there" 😀' });
    const event = eventWireFrame(e, data);
    const big = textFrame(JSON.stringify({ type: 'x', pad: 'y'.repeat(70_000) }));
    server.send('{"type":"before"}');
    raw!.socket.write(event.bytes);
    raw!.socket.write(ackWireFrame('op-1', e, event).bytes);
    raw!.socket.write(big.bytes);
    server.send('{"type":"after"}');
    await expect.poll(() => received.length).toBe(5);
    expect(received[0]).toBe('{"type":"before"}');
    expect(JSON.parse(received[1]!)).toEqual({ type: 'event', ...e, data: JSON.parse(data) });
    expect(JSON.parse(received[2]!)).toMatchObject({ type: 'ack', opId: 'op-1', seq: 12, event: { ...e, data: JSON.parse(data) } });
    expect(received[3]).toBe(big.text());
    expect(received[4]).toBe('{"type":"after"}');

    // ws's own frames interleave correctly: a pong, then a close with its code.
    const pong = new Promise((r) => client.once('pong', r));
    client.ping();
    await pong;
    const closed = new Promise<number>((r) => client.once('close', (code) => r(code)));
    raw!.socket.write(textFrame('{"type":"last"}').bytes);
    server.close(4001, 'done');
    expect(await closed).toBe(4001);
    expect(received.at(-1)).toBe('{"type":"last"}');
  });
});
