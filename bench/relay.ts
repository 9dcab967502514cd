/**
 * The baseline: a bare `ws` relay with the same room shape as Mockroom (two clients per room, joined by
 * `/ws?session=ID`) and none of its work: no auth, no validation, no persistence. Each frame goes to
 * the other clients of its room as it came, and the sender gets a small ack. Run as its own process:
 *   PORT=4000 HOST=127.0.0.1 node --import tsx bench/relay.ts
 */
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.env.PORT ?? 4000);
const host = process.env.HOST ?? '127.0.0.1';
const ACK = '{"type":"ack"}';

const rooms = new Map<string, Set<WebSocket>>();
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
});
// The same limits as the real hub: 256 KiB frames, no compression.
const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024, perMessageDeflate: false });

server.on('upgrade', (req, socket, head) => {
  const id = new URL(req.url ?? '/', 'http://relay').searchParams.get('session') ?? '';
  wss.handleUpgrade(req, socket, head, (ws) => {
    let room = rooms.get(id);
    if (!room) rooms.set(id, (room = new Set()));
    const members = room;
    members.add(ws);
    ws.on('message', (data, isBinary) => {
      for (const other of members) if (other !== ws && other.readyState === 1) other.send(data, { binary: isBinary });
      ws.send(ACK);
    });
    ws.on('close', () => {
      members.delete(ws);
      if (!members.size && rooms.get(id) === members) rooms.delete(id);
    });
    ws.on('error', () => ws.terminate());
  });
});

server.listen(port, host, () => console.log(`relay on http://${host}:${port}`));
const stop = () => {
  for (const ws of wss.clients) ws.terminate();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
