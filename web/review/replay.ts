/**
 * Replay: the session's event log folded up to any moment, with checkpoints so scrubbing back and
 * forth never refolds more than a few hundred events.
 */
import { cloneBoard } from '../../shared/board';
import type { PlannedPhase } from '../../shared/clock';
import { applySessionEvent, initialSessionState, type FoldableEvent, type SessionState } from '../../shared/session-state';

const CHECKPOINT_EVERY = 250;

function cloneState(s: SessionState): SessionState {
  return { ...s, board: cloneBoard(s.board), chat: [...s.chat], hints: [...s.hints], curveballs: [...s.curveballs] };
}

export class Replay {
  private readonly checkpoints: SessionState[] = [];

  constructor(
    readonly plan: PlannedPhase[],
    readonly events: FoldableEvent[],
  ) {
    const state = initialSessionState(plan);
    this.checkpoints.push(cloneState(state));
    events.forEach((e, i) => {
      applySessionEvent(state, e, plan);
      if ((i + 1) % CHECKPOINT_EVERY === 0) this.checkpoints.push(cloneState(state));
    });
    void state;
  }

  /** The state after the first `count` events. */
  stateAfter(count: number): SessionState {
    const n = Math.max(0, Math.min(count, this.events.length));
    const cp = Math.floor(n / CHECKPOINT_EVERY);
    const state = cloneState(this.checkpoints[cp]!);
    for (let i = cp * CHECKPOINT_EVERY; i < n; i++) applySessionEvent(state, this.events[i]!, this.plan);
    return state;
  }

  /** How many events had happened at time `ts`. */
  countAt(ts: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid]!.ts <= ts) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  get start(): number {
    return this.events[0]?.ts ?? 0;
  }

  get end(): number {
    return this.events[this.events.length - 1]?.ts ?? 0;
  }

  /** When each phase started and ended, from the phase events. */
  phaseMarks(): { index: number; start: number; end: number | null }[] {
    const marks: { index: number; start: number; end: number | null }[] = [];
    let index = -1;
    for (const e of this.events) {
      if (e.kind !== 'phase') continue;
      const action = (e.data as { action: string }).action;
      if (action === 'start' || action === 'next') {
        if (marks.length) marks[marks.length - 1]!.end = e.ts;
        index++;
        marks.push({ index, start: e.ts, end: null });
      } else if (action === 'end' && marks.length) {
        marks[marks.length - 1]!.end = e.ts;
      }
    }
    return marks;
  }
}
