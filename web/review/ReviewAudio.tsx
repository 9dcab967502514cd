/**
 * The recorded tracks of a session, played in step with the replay: the replay's time `t` (server
 * time, the same clock as the event log and each track's `startedAt`) is the master; every audio
 * element follows it, seeking when it drifts, paused outside its track or above 2x (speech past that
 * is noise), pitch kept at 1-2x.
 */
import { useEffect, useRef, useState } from 'react';
import type { RecordingTrack } from '../../shared/api';
import { api } from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { formatOffset } from './ScorecardEditor';

/** Playing, a track is re-seeked only when it drifts this far from the replay clock. */
const DRIFT_S = 0.35;
export const MAX_AUDIO_SPEED = 2;

export function ReviewAudio({ sessionId, tracks, names, t, playing, speed, start, canDelete, onDeleted }: {
  sessionId: string;
  canDelete: boolean;
  onDeleted: () => void;
  tracks: RecordingTrack[];
  names: Map<string, string>;
  t: number;
  playing: boolean;
  speed: number;
  start: number;
}) {
  const els = useRef(new Map<string, HTMLAudioElement>());
  const [muted, setMuted] = useState<Record<string, boolean>>({});
  const [ready, setReady] = useState<Record<string, boolean>>({});
  const [failed, setFailed] = useState<Record<string, boolean>>({});

  useEffect(() => {
    for (const track of tracks) {
      const el = els.current.get(track.trackId);
      if (!el) continue;
      const length = Math.max(0, (track.endedAt - track.startedAt) / 1000);
      const offset = (t - track.startedAt) / 1000;
      const inside = offset >= 0 && offset < length;
      const target = Math.min(Math.max(offset, 0), length);
      el.playbackRate = Math.min(speed, MAX_AUDIO_SPEED);
      el.preservesPitch = true;
      if (playing && inside && speed <= MAX_AUDIO_SPEED) {
        if (Math.abs(el.currentTime - target) > DRIFT_S) el.currentTime = target;
        if (el.paused) void el.play().catch(() => undefined);
      } else {
        if (!el.paused) el.pause();
        if (Math.abs(el.currentTime - target) > 0.05) el.currentTime = target;
      }
    }
  }, [tracks, t, playing, speed, ready]);

  if (!tracks.length) return null;
  return (
    <div className="replay-audio" role="group" aria-label="Recorded audio">
      <strong className="replay-audio-title">Recorded audio</strong>
      {tracks.map((track) => (
        <div key={track.trackId} className="replay-track">
          <audio
            ref={(el) => {
              if (el) els.current.set(track.trackId, el);
              else els.current.delete(track.trackId);
            }}
            src={`/api/sessions/${encodeURIComponent(sessionId)}/recordings/${encodeURIComponent(track.trackId)}`}
            preload="auto"
            muted={!!muted[track.trackId]}
            data-track={track.trackId}
            data-started-at={track.startedAt}
            onLoadedMetadata={(e) => {
              // MediaRecorder's WebM has no duration: make the browser find it once, so seeking works.
              const el = e.currentTarget;
              if (el.duration === Infinity) el.currentTime = 1e101;
              else setReady((r) => ({ ...r, [track.trackId]: true }));
            }}
            onDurationChange={(e) => {
              if (Number.isFinite(e.currentTarget.duration)) setReady((r) => ({ ...r, [track.trackId]: true }));
            }}
            onError={() => setFailed((f) => ({ ...f, [track.trackId]: true }))}
          />
          <label className="row" style={{ gap: 6 }}>
            <input type="checkbox" checked={!muted[track.trackId]} onChange={(e) => setMuted((m) => ({ ...m, [track.trackId]: !e.target.checked }))} />
            {names.get(track.userId) ?? 'Someone'}
          </label>
          <span className="muted">
            {formatOffset(track.startedAt - start)}–{formatOffset(track.endedAt - start)}
            {failed[track.trackId] ? ' · could not be played' : !ready[track.trackId] ? ' · loading…' : ''}
          </span>
        </div>
      ))}
      {canDelete && (
        <ConfirmButton
          label="Delete recordings"
          question="Delete every recorded track of this session for everyone?"
          confirm="Yes, delete"
          onConfirm={async () => {
            await api.del(`/sessions/${encodeURIComponent(sessionId)}/recordings`);
            onDeleted();
          }}
        />
      )}
      {speed > MAX_AUDIO_SPEED && <p className="muted small-text">Audio plays at up to {MAX_AUDIO_SPEED}x; faster replays are silent.</p>}
    </div>
  );
}
