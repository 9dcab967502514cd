import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { onPostgres } from '../helpers/engine';
import { spawnServer, type ServerProcess } from '../helpers/process';
import { pairedSession, ROOT } from '../helpers/server';
import { tempDirs } from '../helpers/temp';
import { TestSocket } from '../helpers/ws';

const tempDir = tempDirs('durable');
let procs: ServerProcess[] = [];
// Registered after tempDirs: after-each hooks run last-registered first, so processes die first.
afterEach(() => {
  for (const p of procs) p.child.kill('SIGKILL');
  procs = [];
});

describe('faults', () => {
  it('kill -9 during a write burst loses no acknowledged event, and the room resumes with its clock', async () => {
    const dataDir = tempDir();
    const first = await spawnServer(dataDir);
    procs.push(first);
    const { candidate, interviewer, session } = await pairedSession(first.url);
    const int = await TestSocket.join(first.url, session.id, interviewer.cookie);
    int.s.send({ type: 'phase', opId: 'start', action: 'start' });
    await int.s.next('ack');
    int.s.send({ type: 'phase', opId: 'next', action: 'next' });
    await int.s.next('ack');

    const cand = await TestSocket.join(first.url, session.id, candidate.cookie);
    const acked = new Map<number, string>();
    cand.s.ws.on('message', (raw) => {
      const m = JSON.parse(raw.toString());
      if (m.type === 'ack') acked.set(m.seq, m.opId);
    });
    // Write steadily (under the rate limit) and kill the server mid-stream.
    let sent = 0;
    const writer = setInterval(() => {
      for (let i = 0; i < 5; i++) {
        sent++;
        cand.s.send({ type: 'board', opId: `op-${sent}`, op: { kind: 'add', shape: { id: `s${sent}`, type: 'rect', x: sent, y: 0, w: 10, h: 10 } } });
      }
    }, 10);
    // Killed mid-stream, once plenty has been acked.
    await expect.poll(() => acked.size, { timeout: 10_000, interval: 20 }).toBeGreaterThan(100);
    first.child.kill('SIGKILL');
    clearInterval(writer);
    const exit = await first.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(acked.size).toBeGreaterThan(50);

    if (!onPostgres) {
      const db = new BetterSqlite3(join(dataDir, 'mockroom.sqlite'));
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    }

    const second = await spawnServer(dataDir);
    procs.push(second);
    // The agent still points at the old port: query the new server directly.
    const res = await fetch(`${second.url}/api/sessions/${session.id}/events?limit=5000`, { headers: { cookie: candidate.cookie } });
    const log = (await res.json()) as { events: { seq: number; kind: string; data: { op?: { shape?: { id: string } } } }[] };
    const bySeq = new Map(log.events.map((e) => [e.seq, e]));
    for (const [seq, opId] of acked) {
      const e = bySeq.get(seq);
      expect(e, `acked seq ${seq} lost`).toBeDefined();
      expect(e!.data.op!.shape!.id).toBe(`s${opId.slice(3)}`);
    }
    // Seqs are dense: nothing half-written.
    expect(log.events.map((e) => e.seq)).toEqual(log.events.map((_, i) => i + 1));

    const back = await TestSocket.join(second.url, session.id, interviewer.cookie);
    expect(back.welcome.state.clock).toMatchObject({ status: 'live', phaseIndex: 1 });
    expect(back.welcome.seq).toBe(log.events.length);
    expect(back.welcome.state.board.length).toBe(log.events.length - 2);
    back.s.close();
  }, 60_000);

  it('SIGTERM closes sockets with 1001 and exits cleanly within 10 s, losing nothing', async () => {
    const dataDir = tempDir();
    const server = await spawnServer(dataDir);
    procs.push(server);
    const { candidate, session } = await pairedSession(server.url);
    const { s } = await TestSocket.join(server.url, session.id, candidate.cookie);
    s.send({ type: 'chat', opId: 'before', text: 'saved before shutdown' });
    await s.next('ack');
    const started = Date.now();
    server.child.kill('SIGTERM');
    const closed = await s.closed;
    expect(closed.code).toBe(1001);
    const exit = await server.exited;
    expect(exit.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);

    const again = await spawnServer(dataDir);
    procs.push(again);
    const res = await fetch(`${again.url}/api/sessions/${session.id}/events`, { headers: { cookie: candidate.cookie } });
    const log = (await res.json()) as { events: { data: { text: string } }[] };
    expect(log.events.map((e) => e.data.text)).toEqual(['saved before shutdown']);
  }, 60_000);

  it('a broken configuration stops start-up with a message naming the variable', async () => {
    await expect(spawnServer(tempDir(), { PORT: 'eighty' })).rejects.toThrow(/PORT/);
    await expect(spawnServer(tempDir(), { REGISTRATION: 'sometimes' })).rejects.toThrow(/REGISTRATION/);
    await expect(spawnServer(tempDir(), { PUBLIC_URL: 'not a url' })).rejects.toThrow(/PUBLIC_URL/);
    await expect(spawnServer(tempDir(), { DATABASE_URL: 'mysql://db/mockroom' })).rejects.toThrow(/Configuration error: DATABASE_URL: must start with postgres:\/\//);
  }, 60_000);

  it('an unreachable PostgreSQL stops start-up with a message that hides the password', async () => {
    const failed = spawnServer(tempDir(), { DATABASE_URL: 'postgres://mockroom:hunter2@127.0.0.1:1/mockroom' });
    await expect(failed).rejects.toThrow(/Database error: Could not use PostgreSQL at postgres:\/\/mockroom:\*\*\*@127\.0\.0\.1:1\/mockroom: connect ECONNREFUSED/);
    await expect(failed).rejects.not.toThrow(/hunter2| {4}at /);
  }, 60_000);

  it('a malformed problem file stops start-up naming the file and the field', async () => {
    const problems = tempDir();
    const good = readFileSync(join(ROOT, 'problems/url-shortener.md'), 'utf8');
    writeFileSync(join(problems, 'url-shortener.md'), good.replace('difficulty: easy', 'difficulty: trivial'));
    await expect(spawnServer(tempDir(), { PROBLEMS_DIR: problems })).rejects.toThrow(/url-shortener\.md: difficulty: /);
  }, 60_000);
});
