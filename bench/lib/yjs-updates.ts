/**
 * Pre-encoded Yjs updates for the peer reference (the y-websocket server): client c's k-th op moves
 * its shape, a Y.Map entry holding the same fields as our `update` patch, and carries the marker
 * `~op:IDX~` (IDX = c * K + k) in its text so the generator can tell which op a frame is. Each
 * update is wrapped as a y-websocket sync message (messageSync, messageYjsUpdate, the update).
 * Encoding 100k+ updates takes seconds, so they are cached in a file between runs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface YMap {
  set(key: string, value: unknown): void;
}
interface YDoc {
  clientID: number;
  getMap(name: string): YMap;
  on(event: 'update', f: (update: Uint8Array) => void): void;
  destroy(): void;
}
interface YjsModule {
  Doc: new () => YDoc;
}

function writeVarUint(out: number[], n: number): void {
  while (n > 0x7f) {
    out.push(0x80 | (n & 0x7f));
    n = Math.floor(n / 128);
  }
  out.push(n);
}

/** A y-websocket sync message carrying one update. */
function syncUpdateMessage(update: Uint8Array): Buffer {
  const head: number[] = [0, 2]; // messageSync, messageYjsUpdate
  writeVarUint(head, update.length);
  return Buffer.concat([Buffer.from(head), update]);
}

export async function peerUpdates(yjsPath: string, cacheDir: string, clients: number, perClient: number): Promise<Buffer[]> {
  const file = join(cacheDir, `yjs-updates-${perClient}.bin`);
  if (existsSync(file)) {
    const data = readFileSync(file);
    const cachedClients = data.readUInt32LE(0);
    const cachedK = data.readUInt32LE(4);
    if (cachedK === perClient && cachedClients >= clients) {
      const out: Buffer[] = new Array(clients * perClient);
      let at = 8;
      for (let i = 0; i < clients * perClient; i++) {
        const len = data.readUInt32LE(at);
        out[i] = data.subarray(at + 4, at + 4 + len);
        at += 4 + len;
      }
      return out;
    }
  }
  const Y = (await import(pathToFileURL(yjsPath).href)) as YjsModule;
  const out: Buffer[] = [];
  for (let c = 0; c < clients; c++) {
    const doc = new Y.Doc();
    doc.clientID = c + 1;
    const map = doc.getMap('shapes');
    let last: Uint8Array | null;
    doc.on('update', (u) => (last = u));
    for (let k = 0; k < perClient; k++) {
      const idx = c * perClient + k;
      last = null;
      map.set(`s${c}`, {
        x: 100 + (k % 400) + 0.5,
        y: 80 + ((k * 7) % 300) + 0.25,
        w: 180,
        h: 96,
        text: `Load balancer ~op:${idx}~`,
        style: { stroke: '#1f2937', fill: '#e0f2fe' },
      });
      if (!last) throw new Error('yjs produced no update');
      out.push(syncUpdateMessage(last));
    }
    doc.destroy();
  }
  const parts: Buffer[] = [Buffer.alloc(8)];
  parts[0]!.writeUInt32LE(clients, 0);
  parts[0]!.writeUInt32LE(perClient, 4);
  for (const m of out) {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(m.length, 0);
    parts.push(len, m);
  }
  writeFileSync(file, Buffer.concat(parts));
  return out;
}
