/**
 * Records our own microphone with MediaRecorder (Opus at ~24 kbit/s) and uploads a chunk every few
 * seconds to `PUT /api/sessions/:id/recordings/:trackId/chunks/:n`. Uploads go one at a time in
 * order; a network drop or a 5xx keeps the chunk and retries with backoff (and at once when the
 * browser is back online); the server stores each n once, so a retry that did arrive is harmless.
 * A 409 `no_consent` (someone withdrew) stops the recording; other refusals drop that chunk and say so.
 */
import { RECORDING_BITS_PER_SECOND, RECORDING_CHUNK_MS } from '../../shared/api';

export interface RecorderView {
  recording: boolean;
  /** Chunks recorded so far, and those of them not yet stored. */
  recorded: number;
  queued: number;
  uploaded: number;
  error: string | null;
}

const MAX_BACKOFF_MS = 30_000;

export function recordingMime(): string | null {
  if (typeof MediaRecorder === 'undefined') return null;
  for (const t of ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm']) if (MediaRecorder.isTypeSupported(t)) return t;
  return null;
}

export class TrackRecorder {
  private view: RecorderView = { recording: false, recorded: 0, queued: 0, uploaded: 0, error: null };
  private readonly listeners = new Set<() => void>();
  private rec: MediaRecorder | null = null;
  private readonly trackId = (globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`).replace(/[^A-Za-z0-9_-]/g, '');
  private next = 0;
  private queue: { n: number; blob: Blob }[] = [];
  private uploading = false;
  private backoff = 1000;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private startedAt = 0;
  private stopped = false;
  private readonly online = () => this.retryNow();

  constructor(
    private readonly sessionId: string,
    private readonly stream: MediaStream,
    /** Server time now (the room connection's offset-corrected clock): aligns the track to the log. */
    private readonly serverNow: () => number,
  ) {}

  subscribe(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  getView(): RecorderView {
    return this.view;
  }

  private set(patch: Partial<RecorderView>): void {
    this.view = { ...this.view, ...patch };
    for (const l of this.listeners) l();
  }

  start(): void {
    const mimeType = recordingMime();
    if (!mimeType) {
      this.set({ error: 'This browser cannot record audio (no MediaRecorder with Opus).' });
      return;
    }
    const rec = new MediaRecorder(this.stream, { mimeType, audioBitsPerSecond: RECORDING_BITS_PER_SECOND });
    this.rec = rec;
    rec.ondataavailable = (e) => {
      if (!e.data.size) return;
      this.queue.push({ n: this.next++, blob: e.data });
      this.set({ queued: this.queue.length, recorded: this.next });
      void this.pump();
    };
    rec.onstop = () => this.set({ recording: false });
    this.startedAt = Math.round(this.serverNow());
    rec.start(RECORDING_CHUNK_MS);
    window.addEventListener('online', this.online);
    this.set({ recording: true, error: null });
  }

  /** Stops recording; what was recorded still uploads. */
  stop(): void {
    this.stopped = true;
    if (this.rec && this.rec.state !== 'inactive') this.rec.stop();
    if (!this.queue.length) window.removeEventListener('online', this.online);
  }

  private retryNow(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.backoff = 1000;
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.uploading || this.retryTimer) return;
    this.uploading = true;
    try {
      while (this.queue.length) {
        const { n, blob } = this.queue[0]!;
        const type = blob.type || this.rec?.mimeType || 'audio/webm';
        const url = `/api/sessions/${encodeURIComponent(this.sessionId)}/recordings/${this.trackId}/chunks/${n}${n === 0 ? `?startedAt=${this.startedAt}` : ''}`;
        let res: Response;
        try {
          res = await fetch(url, { method: 'PUT', credentials: 'same-origin', headers: { 'Content-Type': type }, body: blob });
        } catch {
          return this.retryLater('Recording upload paused: the network is down. It resumes by itself.');
        }
        if (res.ok) {
          this.queue.shift();
          this.backoff = 1000;
          this.set({ queued: this.queue.length, uploaded: this.view.uploaded + 1, error: null });
          continue;
        }
        if (res.status >= 500 || res.status === 429) return this.retryLater(`Recording upload failed (${res.status}); retrying.`);
        const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
        if (body?.error?.code === 'no_consent') {
          // Consent was withdrawn: nothing more is recorded or uploaded.
          this.queue = [];
          this.stop();
          this.set({ queued: 0, error: null });
          return;
        }
        this.queue.shift();
        this.set({ queued: this.queue.length, error: body?.error?.message ?? `A recording chunk was refused (${res.status}).` });
        if (body?.error?.code === 'budget_exceeded') {
          this.queue = [];
          this.stop();
        }
      }
      if (this.stopped) window.removeEventListener('online', this.online);
    } finally {
      this.uploading = false;
    }
  }

  private retryLater(message: string): void {
    this.set({ error: message });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.pump();
    }, this.backoff);
    this.backoff = Math.min(MAX_BACKOFF_MS, this.backoff * 2);
  }
}
