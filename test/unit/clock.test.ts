import { describe, expect, it } from 'vitest';
import {
  applyPhaseAction,
  formatClock,
  initialClock,
  phaseElapsedMs,
  phaseRemainingMs,
  spentPerPhaseMs,
  type ClockState,
  type PhaseAction,
  type PlannedPhase,
} from '../../shared/clock';
import { DEFAULT_PHASES } from '../../shared/phases';

const MIN = 60_000;
const T0 = 1_700_000_000_000;
const plan: PlannedPhase[] = DEFAULT_PHASES; // 5, 5, 15, 15 minutes
const N = plan.length;

/** Applies actions at the given times (ms after T0); every action must be accepted. */
function run(steps: [PhaseAction, number][], clock = initialClock(N)): ClockState {
  for (const [action, at] of steps) {
    const r = applyPhaseAction(clock, action, T0 + at, N);
    if (!r.ok) throw new Error(`${action} at ${at} refused: ${r.message}`);
    clock = r.clock;
  }
  return clock;
}

function refused(clock: ClockState, action: PhaseAction, at: number): string {
  const r = applyPhaseAction(clock, action, T0 + at, N);
  expect(r.ok).toBe(false);
  return r.ok ? '' : r.message;
}

describe('applyPhaseAction', () => {
  it('starts waiting at phase -1 with zero spent', () => {
    const c = initialClock(N);
    expect(c).toMatchObject({ status: 'waiting', phaseIndex: -1, runningSince: null, startedAt: null, endedAt: null, pausedMs: 0 });
    expect(c.spentMs).toEqual([0, 0, 0, 0]);
  });

  it('start makes the first phase live', () => {
    const c = run([['start', 0]]);
    expect(c).toMatchObject({ status: 'live', phaseIndex: 0, runningSince: T0, startedAt: T0, accumulatedMs: 0 });
  });

  it('next closes the current phase and records what it took', () => {
    const c = run([
      ['start', 0],
      ['next', 4 * MIN],
      ['next', 11 * MIN],
    ]);
    expect(c.status).toBe('live');
    expect(c.phaseIndex).toBe(2);
    expect(c.runningSince).toBe(T0 + 11 * MIN);
    expect(c.spentMs).toEqual([4 * MIN, 7 * MIN, 0, 0]);
    expect(spentPerPhaseMs(c, T0 + 12 * MIN)).toEqual([4 * MIN, 7 * MIN, 1 * MIN, 0]);
  });

  it('excludes pauses from the time spent in a phase', () => {
    const c = run([
      ['start', 0],
      ['pause', 2 * MIN],
      ['resume', 10 * MIN], // 8 minutes paused
      ['next', 13 * MIN], // 2 + 3 = 5 minutes in clarify
    ]);
    expect(c.spentMs).toEqual([5 * MIN, 0, 0, 0]);
    expect(c.pausedMs).toBe(8 * MIN);
  });

  it('handles several pauses in one phase', () => {
    let c = run([
      ['start', 0],
      ['pause', 1 * MIN],
      ['resume', 2 * MIN],
      ['pause', 3 * MIN],
    ]);
    expect(c.status).toBe('paused');
    expect(c.accumulatedMs).toBe(2 * MIN);
    // Time does not run while paused.
    expect(phaseElapsedMs(c, T0 + 3 * MIN)).toBe(2 * MIN);
    expect(phaseElapsedMs(c, T0 + 60 * MIN)).toBe(2 * MIN);
    c = run([['resume', 5 * MIN]], c);
    expect(phaseElapsedMs(c, T0 + 6 * MIN)).toBe(3 * MIN);
    expect(c.pausedMs).toBe(3 * MIN);
  });

  it('next while paused moves on, ends the pause and counts the phase without the pause', () => {
    const c = run([
      ['start', 0],
      ['pause', 3 * MIN],
      ['next', 9 * MIN],
    ]);
    expect(c).toMatchObject({ status: 'live', phaseIndex: 1, runningSince: T0 + 9 * MIN, pausedSince: null, pausedMs: 6 * MIN });
    expect(c.spentMs[0]).toBe(3 * MIN);
  });

  it('end records the last phase and the end time', () => {
    const c = run([
      ['start', 0],
      ['next', 5 * MIN],
      ['next', 10 * MIN],
      ['next', 25 * MIN],
      ['end', 38 * MIN],
    ]);
    expect(c).toMatchObject({ status: 'ended', endedAt: T0 + 38 * MIN, startedAt: T0, runningSince: null, accumulatedMs: 0 });
    expect(c.spentMs).toEqual([5 * MIN, 5 * MIN, 15 * MIN, 13 * MIN]);
    expect(spentPerPhaseMs(c, T0 + 99 * MIN)).toEqual(c.spentMs);
  });

  it('end while paused closes the pause', () => {
    const c = run([
      ['start', 0],
      ['pause', 2 * MIN],
      ['end', 7 * MIN],
    ]);
    expect(c.spentMs).toEqual([2 * MIN, 0, 0, 0]);
    expect(c.pausedMs).toBe(5 * MIN);
    expect(c.pausedSince).toBeNull();
  });

  it('ending before the start is allowed and spends nothing', () => {
    const c = run([['end', 1000]]);
    expect(c).toMatchObject({ status: 'ended', startedAt: T0 + 1000, endedAt: T0 + 1000, phaseIndex: -1 });
    expect(c.spentMs).toEqual([0, 0, 0, 0]);
  });

  it('ending in an early phase leaves later phases at zero', () => {
    const c = run([
      ['start', 0],
      ['next', 1 * MIN],
      ['end', 3 * MIN],
    ]);
    expect(c.spentMs).toEqual([1 * MIN, 2 * MIN, 0, 0]);
  });

  it('does not mutate the clock it is given', () => {
    const c = run([
      ['start', 0],
      ['next', MIN],
    ]);
    const before = structuredClone(c);
    run([
      ['pause', 2 * MIN],
      ['next', 3 * MIN],
      ['end', 4 * MIN],
    ], c);
    expect(c).toEqual(before);
  });

  describe('refused transitions', () => {
    it('next, pause and resume before the start', () => {
      const c = initialClock(N);
      expect(refused(c, 'next', 0)).toMatch(/Start the session first/);
      expect(refused(c, 'pause', 0)).toMatch(/Start the session first/);
      expect(refused(c, 'resume', 0)).toMatch(/not paused/);
    });

    it('start twice', () => {
      expect(refused(run([['start', 0]]), 'start', 1)).toMatch(/already started/);
      expect(refused(run([['start', 0], ['pause', 1]]), 'start', 2)).toMatch(/already started/);
    });

    it('pause when paused, resume when live', () => {
      const paused = run([['start', 0], ['pause', 1]]);
      expect(refused(paused, 'pause', 2)).toMatch(/Already paused/);
      expect(refused(run([['start', 0]]), 'resume', 1)).toMatch(/not paused/);
    });

    it('next on the last phase', () => {
      const last = run([['start', 0], ['next', 1], ['next', 2], ['next', 3]]);
      expect(last.phaseIndex).toBe(N - 1);
      expect(refused(last, 'next', 4)).toMatch(/last phase/);
      expect(refused(run([['pause', 5]], last), 'next', 6)).toMatch(/last phase/);
    });

    it('a one-phase plan has no next', () => {
      const r = applyPhaseAction(run([['start', 0]], initialClock(1)), 'next', T0 + 1, 1);
      expect(r.ok).toBe(false);
    });

    it.each<PhaseAction>(['start', 'next', 'pause', 'resume', 'end'])('%s after the end', (action) => {
      const ended = run([['start', 0], ['end', MIN]]);
      expect(refused(ended, action, 2 * MIN)).toMatch(/ended/);
      expect(refused(run([['end', 0]]), action, 1)).toMatch(/ended/);
    });
  });
});

describe('phaseRemainingMs and overtime', () => {
  it('counts down the planned minutes of the current phase', () => {
    const c = run([['start', 0]]);
    expect(phaseRemainingMs(c, plan, T0)).toBe(5 * MIN);
    expect(phaseRemainingMs(c, plan, T0 + 2 * MIN)).toBe(3 * MIN);
  });

  it('goes negative in overtime', () => {
    const c = run([['start', 0]]);
    expect(phaseRemainingMs(c, plan, T0 + 6.5 * MIN)).toBe(-1.5 * MIN);
    expect(formatClock(phaseRemainingMs(c, plan, T0 + 6.5 * MIN))).toBe('-1:30');
  });

  it('restarts from the next phase plan and stops while paused', () => {
    let c = run([['start', 0], ['next', 7 * MIN]]);
    expect(phaseRemainingMs(c, plan, T0 + 8 * MIN)).toBe(4 * MIN);
    c = run([['next', 8 * MIN], ['pause', 10 * MIN]], c); // design: 15 minutes, 2 used
    expect(phaseRemainingMs(c, plan, T0 + 10 * MIN)).toBe(13 * MIN);
    expect(phaseRemainingMs(c, plan, T0 + 50 * MIN)).toBe(13 * MIN);
  });

  it('is 0 before the start', () => {
    expect(phaseRemainingMs(initialClock(N), plan, T0)).toBe(0);
    expect(phaseElapsedMs(initialClock(N), T0)).toBe(0);
  });

  it('never counts time before the run started (client clock behind the server)', () => {
    const c = run([['start', 10_000]]);
    expect(phaseElapsedMs(c, T0)).toBe(0);
  });
});

describe('formatClock', () => {
  it.each([
    [0, '0:00'],
    [999, '0:00'],
    [1_000, '0:01'],
    [59_999, '0:59'],
    [60_000, '1:00'],
    [5 * MIN, '5:00'],
    [12 * MIN + 5_000, '12:05'],
    [90 * MIN, '90:00'],
    [-90_000, '-1:30'],
    [-(10 * MIN + 1_500), '-10:01'],
  ])('formatClock(%d) = %s', (ms, text) => {
    expect(formatClock(ms)).toBe(text);
  });
});
