/**
 * The `RoomStore` port over SQLite: loads a session into a `Room` fold, and group-commits every
 * room's accepted events of one event-loop turn in one write (a multi-row INSERT, see
 * store/events.ts), then tells each room so it can ack and broadcast.
 */
import type { Kysely } from 'kysely';
import type { PlannedPhase } from '../../shared/clock';
import type { SessionMode } from '../../shared/api';
import type { ProblemCatalog } from '../problems/catalog';
import type { EventLog, EventRow, PendingEvent } from '../store/events';
import type { Database } from '../store/schema';
import { mayKnowProblem } from '../groups/schedule';
import { callSettings } from '../store/recordings';
import { slotsOfSessions } from '../store/schedule';
import { getSession, listParticipants } from '../store/sessions';
import type { CommitSource, RoomSeed, RoomStore } from './live-room';
import { Room } from './room';

export interface SqliteRoomStoreOptions {
  db: Kysely<Database>;
  events: EventLog;
  catalog: ProblemCatalog;
  onLoaded?: (sessionId: string, seq: number, ms: number) => void;
  onCommitError?: (err: unknown, events: number) => void;
}

export class SqliteRoomStore implements RoomStore {
  private queued: CommitSource[] = [];
  private scheduled = false;
  /** Counters for operations and tests. */
  readonly stats = { batches: 0 };

  constructor(private readonly o: SqliteRoomStoreOptions) {}

  async load(sessionId: string): Promise<RoomSeed | null> {
    const row = await getSession(this.o.db, sessionId);
    if (!row) return null;
    const people = await listParticipants(this.o.db, sessionId);
    const call = (await callSettings(this.o.db, sessionId))!;
    const slot = (await slotsOfSessions(this.o.db, [sessionId])).get(sessionId);
    const problem = this.o.catalog.get(row.problem_slug);
    const hints = new Map((problem?.guide.hints ?? []).map((h) => [h.id, { text: h.text, phase: h.phase }]));
    const curveballs = new Map((problem?.guide.curveballs ?? []).map((c) => [c.id, { text: c.text, minute: c.minute }]));
    const plan = JSON.parse(row.phases) as PlannedPhase[];
    const mode = row.mode as SessionMode;
    const started = performance.now();
    const room = Room.fold({ sessionId, mode, plan, hints, curveballs }, this.o.events.all(sessionId));
    // A scheduled session called off before its start is ended by the table alone (nothing happened
    // in it, so no event ends it): its room loads ended and read-only.
    if (row.status === 'ended' && room.status === 'waiting') room.clock = { ...room.clock, status: 'ended', endedAt: row.ended_at };
    this.o.onLoaded?.(sessionId, room.seq, performance.now() - started);
    return {
      header: { id: row.id, problemSlug: row.problem_slug, problemTitle: problem?.summary.title ?? row.problem_slug, mode, phases: plan },
      participants: people.map((p) => ({ userId: p.userId, displayName: p.displayName, role: p.role })),
      room,
      call,
      problemHiddenFrom: people.find((p) => !mayKnowProblem(slot, p.userId, false))?.userId ?? null,
    };
  }

  commit(source: CommitSource): void {
    this.queued.push(source);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    const sources = this.queued;
    if (!sources.length) return;
    this.queued = [];
    let batch: PendingEvent[];
    if (sources.length === 1) batch = sources[0]!.takeBatch();
    else {
      batch = [];
      for (const s of sources) for (const e of s.takeBatch()) batch.push(e);
    }
    try {
      this.o.events.commit(batch);
    } catch (err) {
      this.o.onCommitError?.(err, batch.length);
      for (const s of sources) s.commitFailed(err);
      return;
    }
    this.stats.batches++;
    for (const s of sources) s.committed();
  }

  eventsAfter(sessionId: string, afterSeq: number, limit: number): EventRow[] {
    return this.o.events.rowsAfter(sessionId, afterSeq, limit);
  }

  eventAt(sessionId: string, seq: number): EventRow | undefined {
    return this.o.events.rowAt(sessionId, seq);
  }
}
