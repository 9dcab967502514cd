/**
 * The session clock: a pure fold of phase actions with their server timestamps. The server owns it;
 * clients run the same arithmetic against server time (corrected by their measured offset) to draw
 * the countdown.
 */
import type { PhaseId } from './phases';

export const PHASE_ACTIONS = ['start', 'next', 'pause', 'resume', 'end'] as const;
export type PhaseAction = (typeof PHASE_ACTIONS)[number];

export type ClockStatus = 'waiting' | 'live' | 'paused' | 'ended';

export interface PlannedPhase {
  id: PhaseId;
  minutes: number;
}

export interface ClockState {
  status: ClockStatus;
  /** Index into the plan; -1 before the start. */
  phaseIndex: number;
  /** When the current run of the current phase began (server ms); null unless live. */
  runningSince: number | null;
  /** Time already spent in the current phase before the current run (pauses split runs). */
  accumulatedMs: number;
  /** Milliseconds spent per phase, filled as phases complete (and live for the current one on read). */
  spentMs: number[];
  startedAt: number | null;
  endedAt: number | null;
  /** Total time spent paused. */
  pausedMs: number;
  pausedSince: number | null;
}

export function initialClock(phaseCount: number): ClockState {
  return {
    status: 'waiting',
    phaseIndex: -1,
    runningSince: null,
    accumulatedMs: 0,
    spentMs: new Array<number>(phaseCount).fill(0),
    startedAt: null,
    endedAt: null,
    pausedMs: 0,
    pausedSince: null,
  };
}

export type ClockResult = { ok: true; clock: ClockState } | { ok: false; message: string };

/** Applies a phase action at server time `now`; refuses actions that make no sense in the state. */
export function applyPhaseAction(clock: ClockState, action: PhaseAction, now: number, phaseCount: number): ClockResult {
  const fail = (message: string): ClockResult => ({ ok: false, message });
  if (clock.status === 'ended') return fail('The session has ended.');
  switch (action) {
    case 'start':
      if (clock.status !== 'waiting') return fail('The session has already started.');
      return {
        ok: true,
        clock: { ...clock, status: 'live', phaseIndex: 0, runningSince: now, accumulatedMs: 0, startedAt: now },
      };
    case 'next': {
      if (clock.status === 'waiting') return fail('Start the session first.');
      if (clock.phaseIndex >= phaseCount - 1) return fail('This is the last phase: end the session instead.');
      const spent = closePhase(clock, now);
      const paused = clock.status === 'paused';
      return {
        ok: true,
        clock: {
          ...clock,
          status: 'live',
          phaseIndex: clock.phaseIndex + 1,
          runningSince: now,
          accumulatedMs: 0,
          spentMs: spent,
          pausedMs: clock.pausedMs + (paused && clock.pausedSince !== null ? now - clock.pausedSince : 0),
          pausedSince: null,
        },
      };
    }
    case 'pause':
      if (clock.status !== 'live') return fail(clock.status === 'paused' ? 'Already paused.' : 'Start the session first.');
      return {
        ok: true,
        clock: {
          ...clock,
          status: 'paused',
          accumulatedMs: clock.accumulatedMs + (now - (clock.runningSince ?? now)),
          runningSince: null,
          pausedSince: now,
        },
      };
    case 'resume':
      if (clock.status !== 'paused') return fail('The clock is not paused.');
      return {
        ok: true,
        clock: {
          ...clock,
          status: 'live',
          runningSince: now,
          pausedMs: clock.pausedMs + (now - (clock.pausedSince ?? now)),
          pausedSince: null,
        },
      };
    case 'end': {
      const spent = clock.phaseIndex >= 0 ? closePhase(clock, now) : clock.spentMs;
      return {
        ok: true,
        clock: {
          ...clock,
          status: 'ended',
          runningSince: null,
          accumulatedMs: 0,
          spentMs: spent,
          endedAt: now,
          startedAt: clock.startedAt ?? now,
          pausedMs: clock.pausedMs + (clock.pausedSince !== null ? now - clock.pausedSince : 0),
          pausedSince: null,
        },
      };
    }
  }
}

function closePhase(clock: ClockState, now: number): number[] {
  const spent = [...clock.spentMs];
  spent[clock.phaseIndex] = (spent[clock.phaseIndex] ?? 0) + phaseElapsedMs(clock, now);
  return spent;
}

/** Time spent so far in the current phase (pauses excluded). */
export function phaseElapsedMs(clock: ClockState, now: number): number {
  if (clock.phaseIndex < 0 || clock.status === 'ended') return 0;
  return clock.accumulatedMs + (clock.runningSince !== null ? Math.max(0, now - clock.runningSince) : 0);
}

/** Remaining time in the current phase; negative is overtime. */
export function phaseRemainingMs(clock: ClockState, plan: PlannedPhase[], now: number): number {
  const phase = plan[clock.phaseIndex];
  if (!phase || clock.status === 'ended') return 0;
  return phase.minutes * 60_000 - phaseElapsedMs(clock, now);
}

/** Spent per phase including the running one, for live displays and review. */
export function spentPerPhaseMs(clock: ClockState, now: number): number[] {
  const spent = [...clock.spentMs];
  if (clock.phaseIndex >= 0 && clock.status !== 'ended') {
    spent[clock.phaseIndex] = (spent[clock.phaseIndex] ?? 0) + phaseElapsedMs(clock, now);
  }
  return spent;
}

/** "12:05" or "-1:30" for overtime. */
export function formatClock(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const negative = ms < 0 && total > 0;
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${negative ? '-' : ''}${m}:${s.toString().padStart(2, '0')}`;
}
