/**
 * The `RoomStore` port over the event log (SQLite or PostgreSQL): loads a session into a `Room` fold,
 * and group-commits every room's accepted events of one event-loop turn in one write, then tells each
 * room so it can ack and broadcast.
 *
 * SQLite commits synchronously, inside the turn. PostgreSQL answers later: one batch is in flight at a
 * time, and what rooms accept meanwhile waits for the next batch, so a session's events reach the log
 * in seq order and a failed batch never leaves a later one committed after a hole.
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

export interface LogRoomStoreOptions {
  db: Kysely<Database>;
  events: EventLog;
  catalog: ProblemCatalog;
  onLoaded?: (sessionId: string, seq: number, ms: number) => void;
  onCommitError?: (err: unknown, events: number) => void;
}

export class LogRoomStore implements RoomStore {
  private queued: CommitSource[] = [];
  private scheduled = false;
  /** The batch being written (PostgreSQL), or null. */
  private inFlight: Promise<void> | null = null;
  /** Counters for operations and tests. */
  readonly stats = { batches: 0 };

  constructor(private readonly o: LogRoomStoreOptions) {}

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
    const events = await this.o.events.all(sessionId);
    const started = performance.now();
    const room = Room.fold({ sessionId, mode, plan, hints, curveballs }, events);
    // A scheduled session called off before its start is ended by the table alone (no event ends it),
    // and the table wins over a start that crossed the cancel: its room loads ended and read-only.
    if (row.status === 'ended') room.endedInTable(row.started_at, row.ended_at);
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
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  flush(): Promise<void> | null {
    this.scheduled = false;
    // The batch in flight first; what was queued behind it goes next.
    if (this.inFlight) return this.inFlight.then(() => this.flush() ?? undefined);
    const sources = this.queued;
    if (!sources.length) return null;
    this.queued = [];
    let batch: PendingEvent[];
    if (sources.length === 1) batch = sources[0]!.takeBatch();
    else {
      batch = [];
      for (const s of sources) for (const e of s.takeBatch()) batch.push(e);
    }
    let pending: void | Promise<void>;
    try {
      pending = this.o.events.commit(batch);
    } catch (err) {
      this.failed(sources, batch.length, err);
      return null;
    }
    if (!pending) {
      this.done(sources);
      return null;
    }
    const flight: Promise<void> = pending.then(
      () => this.done(sources),
      (err: unknown) => this.failed(sources, batch.length, err),
    );
    this.inFlight = flight.finally(() => {
      this.inFlight = null;
      if (this.queued.length) void this.flush();
    });
    return this.inFlight;
  }

  private done(sources: CommitSource[]): void {
    this.stats.batches++;
    for (const s of sources) s.committed();
  }

  private failed(sources: CommitSource[], events: number, err: unknown): void {
    this.o.onCommitError?.(err, events);
    for (const s of sources) s.commitFailed(err);
  }

  eventsAfter(sessionId: string, afterSeq: number, limit: number): EventRow[] | Promise<EventRow[]> {
    return this.o.events.rowsAfter(sessionId, afterSeq, limit);
  }

  eventAt(sessionId: string, seq: number): EventRow | undefined | Promise<EventRow | undefined> {
    return this.o.events.rowAt(sessionId, seq);
  }
}
