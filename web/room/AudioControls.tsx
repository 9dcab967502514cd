/**
 * The room header's call controls: join audio (the microphone is asked for only then), mute (M),
 * microphone picker, the red recording indicator with each person's consent, and the external call
 * link shown to everyone as the fallback. The call itself lives in audio-call.ts, the recorder in
 * audio-recorder.ts; this file only binds them to the room and renders.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { Role } from '../../shared/api';
import type { PresenceEntry } from '../../shared/protocol';
import { api, ApiError } from '../api';
import { AudioCall, SPEAKING_LEVEL, type CallView } from './audio-call';
import { TrackRecorder, type RecorderView } from './audio-recorder';
import type { RoomConnection, RoomView } from './connection';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/** Icons drawn inline: emoji glyphs are missing from many Linux desktops' fonts. */
export function AudioIcon({ kind }: { kind: 'mic' | 'mic-off' | 'headphones' }) {
  return (
    <svg className="audio-icon" width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      {kind === 'headphones' ? (
        <>
          <path d="M3 18v-6a9 9 0 0 1 18 0v6" />
          <path d="M21 19a2 2 0 0 1-2 2h-1a2 2 0 0 1-2-2v-3a2 2 0 0 1 2-2h3zM3 19a2 2 0 0 0 2 2h1a2 2 0 0 0 2-2v-3a2 2 0 0 0-2-2H3z" />
        </>
      ) : (
        <>
          <rect x="9" y="2" width="6" height="12" rx="3" />
          <path d="M19 10v1a7 7 0 0 1-14 0v-1M12 18v4M8 22h8" />
          {kind === 'mic-off' && <path d="M2 2l20 20" />}
        </>
      )}
    </svg>
  );
}

const IDLE_RECORDER: RecorderView = { recording: false, recorded: 0, queued: 0, uploaded: 0, error: null };

/** One call per mounted room; the recorder runs while recording is on and we are in the call with a microphone. */
export function useAudio(conn: RoomConnection | null, view: RoomView | null, sessionId: string) {
  const me = view?.you?.id ?? '';
  const role = view?.role;
  const call = useMemo(() => (conn && me && role ? new AudioCall(conn, me, role) : null), [conn, me, role]);
  useEffect(() => call?.attach(), [call]);
  const callView = useSyncExternalStore(
    (l) => (call ? call.subscribe(l) : () => undefined),
    () => call?.getView() ?? null,
  );

  // M toggles mute, except while typing.
  useEffect(() => {
    if (!call) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== 'm' || e.ctrlKey || e.metaKey || e.altKey || e.repeat || isTyping(e.target)) return;
      if (call.getView().status !== 'joined') return;
      e.preventDefault();
      call.toggleMute();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [call]);

  const ended = view?.confirmed?.clock.status === 'ended';
  const shouldRecord = !!call && !!conn && callView?.status === 'joined' && !callView.listenOnly && !!view?.call.recording.active && !ended;
  const [recorder, setRecorder] = useState<TrackRecorder | null>(null);
  useEffect(() => {
    if (!shouldRecord || !call || !conn) return;
    const stream = call.recordStream();
    if (!stream) return;
    const r = new TrackRecorder(sessionId, stream, () => conn.serverNow());
    r.start();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- mirrors the call controller, an external store
    setRecorder(r);
    return () => r.stop();
  }, [shouldRecord, call, conn, sessionId]);
  const recView = useSyncExternalStore(
    (l) => (recorder ? recorder.subscribe(l) : () => undefined),
    () => recorder?.getView() ?? IDLE_RECORDER,
  );
  return { call, callView, recView };
}

export function AudioControls({ call, view: cv, recView, room, sessionId, role, ended }: { call: AudioCall; view: CallView; recView: RecorderView; room: RoomView; sessionId: string; role: Role; ended: boolean }) {
  const seated = role !== 'observer';
  const rec = room.call.recording;
  const me = room.you?.id ?? '';
  const iConsented = rec.consented.includes(me);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const consent = async (record: boolean) => {
    setBusy(true);
    setProblem(null);
    try {
      await api.post(`/sessions/${encodeURIComponent(sessionId)}/consent`, { record });
    } catch (err) {
      setProblem((err as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  const waitingFor = room.participants.filter((p) => (p.role === 'candidate' || p.role === 'interviewer') && !rec.consented.includes(p.userId));

  return (
    <div className="audio-controls" role="group" aria-label="Audio call">
      {cv.status === 'idle' ? (
        <button className="btn small primary" onClick={() => void call.join()} data-testid="join-audio">
          <AudioIcon kind={role === 'observer' ? 'headphones' : 'mic'} /> {role === 'observer' ? 'Listen in' : 'Join audio'}
        </button>
      ) : cv.status === 'starting' ? (
        <span className="muted small-text" role="status"><span className="spinner inline" aria-hidden="true" /> Asking for the microphone…</span>
      ) : (
        <>
          {!cv.listenOnly && (
            <button
              className={`btn small ${cv.muted ? 'danger' : ''}`}
              onClick={() => call.toggleMute()}
              aria-pressed={cv.muted}
              title={cv.muted ? 'Unmute (M)' : 'Mute (M)'}
              data-testid="mute"
            >
              <AudioIcon kind={cv.muted ? 'mic-off' : 'mic'} /> {cv.muted ? 'Unmute' : 'Mute'}
              <kbd aria-hidden="true">M</kbd>
            </button>
          )}
          {!cv.listenOnly && <LevelBar level={cv.muted ? 0 : cv.levels[me] ?? 0} label="Your microphone level" />}
          {!cv.listenOnly && cv.microphones.length > 0 && (
            <select className="mic-select" aria-label="Microphone" value={cv.deviceId ?? ''} onChange={(e) => void call.setDevice(e.target.value)}>
              {cv.microphones.map((m) => <option key={m.deviceId} value={m.deviceId}>{m.label}</option>)}
            </select>
          )}
          <button className="btn small ghost" onClick={() => call.leave()}>Leave audio</button>
        </>
      )}
      {/* After the end the call may go on (a debrief), but nothing records: the review's timeline is over. */}
      {rec.active && !ended ? (
        <span className="rec-indicator" role="status" data-testid="recording-indicator" data-recorded={recView.recorded} data-queued={recView.queued} title={recView.queued > 1 ? `${recView.queued} chunks waiting to upload` : 'Both participants consented; each browser records its own microphone.'}>
          <span className="rec-dot" aria-hidden="true" /> Recording
        </span>
      ) : null}
      {rec.active && !ended && seated && cv.status === 'idle' && <span className="muted small-text">Join audio to record your voice.</span>}
      {seated && !ended && (
        <label className="consent" title={rec.active ? 'Uncheck to stop recording for everyone.' : waitingFor.length ? `Waiting for ${waitingFor.map((p) => p.displayName).join(' and ')}` : ''}>
          <input type="checkbox" checked={iConsented} disabled={busy} onChange={(e) => void consent(e.target.checked)} />
          Record
          {!rec.active && iConsented && waitingFor.length > 0 && <span className="muted"> (waiting for {waitingFor.map((p) => p.displayName).join(', ')})</span>}
        </label>
      )}
      {(problem ?? recView.error) && <span className="form-error inline" role="alert">{problem ?? recView.error}</span>}
    </div>
  );
}

export function LevelBar({ level, label }: { level: number; label: string }) {
  return (
    <span className="level" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={1} aria-valuenow={Math.round(level * 100) / 100}>
      <span style={{ width: `${Math.min(100, Math.sqrt(level) * 250)}%` }} />
    </span>
  );
}

/** The microphone state and speaking ring beside a participant's avatar. */
export function micState(p: PresenceEntry, levels: Record<string, number> | undefined): { speaking: boolean; icon: 'mic' | 'mic-off' | 'headphones' | null; label: string } {
  if (!p.online || p.audio === 'off') return { speaking: false, icon: null, label: 'not in the call' };
  if (p.role === 'observer') return { speaking: false, icon: 'headphones', label: 'listening' };
  if (p.audio === 'muted') return { speaking: false, icon: 'mic-off', label: 'muted' };
  const speaking = (levels?.[p.userId] ?? 0) > SPEAKING_LEVEL;
  return { speaking, icon: 'mic', label: speaking ? 'speaking' : 'microphone on' };
}

/** The external call link: everyone sees it, seated participants set it. */
export function CallLink({ link, sessionId, canEdit, highlight }: { link: string | null; sessionId: string; canEdit: boolean; highlight: boolean }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(link ?? '');
  const [error, setError] = useState<string | null>(null);
  // eslint-disable-next-line react-hooks/set-state-in-effect -- the field follows the stored link when a peer changes it
  useEffect(() => setValue(link ?? ''), [link]);
  // The keyboard comes back to the button that opened the editor once it closes.
  const editButton = useRef<HTMLButtonElement>(null);
  const close = () => {
    setEditing(false);
    requestAnimationFrame(() => editButton.current?.focus());
  };
  const cancel = () => {
    close();
    setValue(link ?? '');
    setError(null);
  };
  const save = async (next: string | null) => {
    setError(null);
    try {
      await api.put(`/sessions/${encodeURIComponent(sessionId)}/call-link`, { link: next });
      close();
    } catch (err) {
      setError((err as ApiError).message);
    }
  };
  if (editing) {
    return (
      <form
        className="call-link editing"
        onSubmit={(e) => { e.preventDefault(); void save(value.trim() || null); }}
        onKeyDown={(e) => { if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); cancel(); } }}
      >
        <input type="url" aria-label="External call link" placeholder="https://meet.jit.si/…" value={value} onChange={(e) => setValue(e.target.value)} autoFocus />
        <button className="btn small primary" type="submit">Save</button>
        {link && <button className="btn small ghost" type="button" onClick={() => void save(null)}>Remove</button>}
        <button className="btn small ghost" type="button" onClick={cancel}>Cancel</button>
        {error && <span className="form-error inline" role="alert">{error}</span>}
      </form>
    );
  }
  return (
    <span className={`call-link ${highlight ? 'highlight' : ''}`}>
      {link ? (
        <a href={link} target="_blank" rel="noopener noreferrer" data-testid="call-link">Open call link ↗</a>
      ) : (
        canEdit && <span className="muted">No call link</span>
      )}
      {canEdit && <button ref={editButton} className="btn small ghost" onClick={() => setEditing(true)}>{link ? 'Edit' : 'Add call link'}</button>}
    </span>
  );
}
