import { useEffect, useRef, useState } from 'react';
import type { Role } from '../../shared/api';
import { formatClock, phaseRemainingMs, type ClockState, type PhaseAction, type PlannedPhase } from '../../shared/clock';
import { PHASES } from '../../shared/phases';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useTick } from './useRoom';

/** A short two-tone chime through WebAudio: no audio file to load, nothing when sound is blocked. */
function chime() {
  try {
    const ctx = new AudioContext();
    [660, 880].forEach((f, i) => {
      const o = ctx.createOscillator();
      const g = ctx.createGain();
      o.frequency.value = f;
      g.gain.setValueAtTime(0.0001, ctx.currentTime + i * 0.18);
      g.gain.exponentialRampToValueAtTime(0.2, ctx.currentTime + i * 0.18 + 0.02);
      g.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + i * 0.18 + 0.35);
      o.connect(g).connect(ctx.destination);
      o.start(ctx.currentTime + i * 0.18);
      o.stop(ctx.currentTime + i * 0.18 + 0.4);
    });
    setTimeout(() => void ctx.close(), 1200);
  } catch {
    /* sound unavailable */
  }
}

export function PhaseBar({
  clock,
  plan,
  serverNow,
  canDrive,
  onAction,
}: {
  clock: ClockState;
  plan: PlannedPhase[];
  serverNow: () => number;
  canDrive: boolean;
  onAction: (a: PhaseAction) => void;
}) {
  useTick(250);
  const now = serverNow();
  const remaining = phaseRemainingMs(clock, plan, now);
  const overtime = clock.phaseIndex >= 0 && clock.status !== 'ended' && remaining < 0;
  const [flash, setFlash] = useState(false);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const wasOver = useRef(overtime);
  const [sound, setSound] = useState(() => localStorage.getItem('mockroom.sound') !== 'off');
  useEffect(() => {
    if (overtime && !wasOver.current) {
      setFlash(true);
      if (sound) chime();
      setTimeout(() => setFlash(false), 2500);
    }
    wasOver.current = overtime;
  }, [overtime, sound]);
  const last = clock.phaseIndex >= plan.length - 1;
  const current = plan[clock.phaseIndex];

  return (
    <div className={`phasebar ${flash ? 'flash' : ''}`}>
      <ol className="stepper" aria-label="Interview phases">
        {plan.map((p, i) => {
          // A session ended before its first phase (called off) did none of them.
          const state = (clock.status === 'ended' && clock.phaseIndex >= 0) || i < clock.phaseIndex ? 'done' : i === clock.phaseIndex && clock.status !== 'ended' ? 'current' : 'todo';
          return (
            <li key={p.id} className={`step ${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="step-dot" aria-hidden="true">{state === 'done' ? '✓' : i + 1}</span>
              <span className="step-label">{PHASES[p.id].title}<span className="muted"> · {p.minutes}m</span></span>
            </li>
          );
        })}
      </ol>
      <div className="clock-area">
        <div
          className={`countdown ${overtime ? 'overtime' : ''} ${clock.status === 'paused' ? 'paused' : ''} ${clock.status === 'waiting' || clock.status === 'ended' ? 'idle' : ''}`}
          role="timer"
          aria-live="off"
          aria-label={current ? `${PHASES[current.id].title}: ${overtime ? 'overtime ' : ''}${formatClock(Math.abs(remaining))}` : 'Clock'}
          data-testid="countdown"
        >
          {clock.status === 'waiting' ? 'Not started' : clock.status === 'ended' ? 'Ended' : (overtime ? '+' : '') + formatClock(Math.abs(remaining))}
        </div>
        <div className="clock-meta" data-testid="phase-name">
          {clock.status === 'paused' && <span className="badge warn">Paused</span>}
          {overtime && <span className="badge warn" role="status">Overtime</span>}
          {current && clock.status !== 'ended' && <span className="muted">{PHASES[current.id].title}</span>}
        </div>
        <button
          className="btn ghost small"
          aria-pressed={sound}
          title={sound ? 'Mute the phase-end chime' : 'Play a chime at phase end'}
          onClick={() => {
            localStorage.setItem('mockroom.sound', sound ? 'off' : 'on');
            setSound(!sound);
          }}
        >
          <BellIcon muted={!sound} />
          <span className="visually-hidden">Phase-end sound</span>
        </button>
        {canDrive && (
          <div className="row clock-controls" role="group" aria-label="Clock controls">
            {clock.status === 'waiting' && <button className="btn primary" onClick={() => onAction('start')}>Start interview</button>}
            {(clock.status === 'live' || clock.status === 'paused') && (
              <>
                {clock.status === 'live' ? (
                  <button className="btn" onClick={() => onAction('pause')}>Pause</button>
                ) : (
                  <button className="btn" onClick={() => onAction('resume')}>Resume</button>
                )}
                {!last && (
                  <button className="btn primary" onClick={() => onAction('next')}>
                    Next: {PHASES[plan[clock.phaseIndex + 1]!.id].title}
                  </button>
                )}
                <button className="btn danger" aria-haspopup="dialog" onClick={() => setConfirmEnd(true)}>
                  End session
                </button>
              </>
            )}
          </div>
        )}
      </div>
      <ConfirmDialog
        open={confirmEnd}
        title="End the session for everyone?"
        body="It can then be reviewed but not changed."
        confirm="End session"
        onCancel={() => setConfirmEnd(false)}
        onConfirm={() => {
          setConfirmEnd(false);
          onAction('end');
        }}
      />
    </div>
  );
}

export function roleLabel(role: Role): string {
  return role === 'candidate' ? 'Candidate' : role === 'interviewer' ? 'Interviewer' : 'Observer';
}

function BellIcon({ muted }: { muted: boolean }) {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      {muted && <path d="M3 3l18 18" />}
    </svg>
  );
}
