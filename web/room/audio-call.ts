/**
 * The room's audio call, free of React: one RTCPeerConnection per other person in the call (a mesh:
 * a session has two speakers and a few listeners), signalled over the room's WebSocket.
 *
 * - One side offers: the smaller user id (the initiator). The other only answers, and asks the
 *   initiator for an ICE restart when its side fails. (Symmetric "perfect negotiation" was tried
 *   first: when both offered at once, the side that rolled back sometimes answered with ICE
 *   credentials whose candidates the other side had already discarded, leaving both in ICE `new`.)
 *   Each peer connection carries an id (`call`), and each message names the id it answers (`for`), so
 *   messages meant for a connection that was replaced (a reload, a rejoin) are dropped. Messages are
 *   applied one at a time per peer, in order.
 * - Who connects to whom follows presence: both online and in the call (`audio` not `off`), and at
 *   least one of the two has a microphone (two listeners have nothing to say to each other).
 * - Mute disables the track and takes it off every sender (`replaceTrack(null)`): nothing is sent,
 *   no renegotiation. The level meters come from Web Audio analysers on our microphone and on each
 *   received stream.
 * - A network change: `iceconnectionstatechange` to failed (at once) or disconnected (after a grace
 *   period) restarts ICE.
 */
import type { Role } from '../../shared/api';
import type { PresenceEntry } from '../../shared/protocol';
import type { RoomConnection } from './connection';

export type CallStatus = 'idle' | 'starting' | 'joined';

export interface CallView {
  status: CallStatus;
  /** Joined without a microphone (observers). */
  listenOnly: boolean;
  muted: boolean;
  /** Why the call cannot go on (microphone denied, no connection); shown with the call-link fallback. */
  error: string | null;
  microphones: { deviceId: string; label: string }[];
  deviceId: string | null;
  /** Connection state per remote user id. */
  peers: Record<string, RTCPeerConnectionState>;
  /** Audio level 0..1 per user id (ours included), for speaking indicators. */
  levels: Record<string, number>;
}

/** A level above this counts as speaking. */
export const SPEAKING_LEVEL = 0.04;
/** After this long `disconnected`, ICE restarts (a blip often recovers on its own). */
const DISCONNECTED_GRACE_MS = 3_000;

interface Peer {
  userId: string;
  pc: RTCPeerConnection;
  /** Our id for this connection, and the remote side's once it spoke. */
  id: string;
  remoteId: string | null;
  /** We make the offers (the smaller user id). */
  initiator: boolean;
  /** Incoming signals, applied one after the other. */
  chain: Promise<void>;
  /** Restarts ICE: the initiator itself, the other side by asking it (network change, failure). */
  restart: () => void;
  audioEl: HTMLAudioElement | null;
  analyser: AnalyserNode | null;
  restartTimer: ReturnType<typeof setTimeout> | null;
}

interface SignalData {
  call?: string;
  for?: string | null;
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit | null;
  /** The answering side's ICE failed: the initiator restarts it. */
  restart?: boolean;
}

let generation = 0;
/**
 * A connection id that orders: `time.counter.random`. A message from a connection older than the one
 * we know is stale (sent before a reload or rejoin) and dropped; a newer one means the other side
 * started over.
 */
const newCallId = () => `${Date.now()}.${++generation}.${Math.random().toString(36).slice(2, 8)}`;
function compareCallIds(a: string, b: string): number {
  const [at = 0, ac = 0] = a.split('.').map(Number);
  const [bt = 0, bc = 0] = b.split('.').map(Number);
  return at - bt || ac - bc;
}

export class AudioCall {
  private view: CallView = { status: 'idle', listenOnly: false, muted: false, error: null, microphones: [], deviceId: null, peers: {}, levels: {} };
  private readonly listeners = new Set<() => void>();
  private readonly peers = new Map<string, Peer>();
  private mic: MediaStream | null = null;
  private ctx: AudioContext | null = null;
  private micSource: MediaStreamAudioSourceNode | null = null;
  private micAnalyser: AnalyserNode | null = null;
  /** What the recorder records: our microphone through Web Audio, so a device switch does not end the track. */
  private recordDest: MediaStreamAudioDestinationNode | null = null;
  private participants: PresenceEntry[] = [];
  private meterTimer: ReturnType<typeof setInterval> | null = null;
  private readonly sink: HTMLElement;

  constructor(
    private readonly conn: RoomConnection,
    private readonly me: string,
    private readonly role: Role,
  ) {
    this.sink = document.createElement('div');
    this.sink.hidden = true;
  }

  /** Listens for signalling and holds the remote audio elements until the returned detach runs. */
  attach(): () => void {
    const unsubscribe = this.conn.onSignal((from, data) => void this.onSignal(from, data as SignalData));
    // Presence straight from the connection, in frame order: a peer's offer is always handled after
    // the presence that put it in the call (a React effect would run later and see stale presence).
    const unsubscribePresence = this.conn.subscribe(() => {
      const list = this.conn.getView().participants;
      if (list !== this.participants) this.setParticipants(list);
    });
    this.participants = this.conn.getView().participants;
    document.body.appendChild(this.sink);
    // For tests and debugging: the peer connections, to read their stats (test/e2e/audio.test.ts).
    const hook = {
      peers: () => Object.fromEntries([...this.peers].map(([id, p]) => [id, p.pc])),
      /** What a failed or long-disconnected ICE connection triggers. */
      restartIce: (userId: string) => this.peers.get(userId)?.restart(),
      view: () => this.view,
    };
    (window as unknown as { __mockroomAudio?: unknown }).__mockroomAudio = hook;
    return () => {
      this.leave();
      unsubscribe();
      unsubscribePresence();
      this.sink.remove();
      const w = window as unknown as { __mockroomAudio?: unknown };
      if (w.__mockroomAudio === hook) delete w.__mockroomAudio;
    };
  }

  subscribe(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  getView(): CallView {
    return this.view;
  }

  private set(patch: Partial<CallView>): void {
    this.view = { ...this.view, ...patch };
    for (const l of this.listeners) l();
  }

  /** Our microphone as Web Audio renders it (for the recorder), while in the call with one. */
  recordStream(): MediaStream | null {
    return this.recordDest?.stream ?? null;
  }

  // Joining and leaving ------------------------------------------------------------------------

  /** Asks for the microphone (only now) and joins; observers join listening only. */
  async join(): Promise<void> {
    if (this.view.status !== 'idle') return;
    const listenOnly = this.role === 'observer';
    this.set({ status: 'starting', error: null, listenOnly });
    this.ctx = new AudioContext();
    if (!listenOnly) {
      try {
        await this.openMic(null);
      } catch (err) {
        this.ctx.close().catch(() => undefined);
        this.ctx = null;
        this.set({ status: 'idle', error: micError(err) });
        return;
      }
    }
    this.set({ status: 'joined', muted: false });
    this.conn.media(listenOnly ? 'muted' : 'live');
    this.meterTimer = setInterval(() => this.meter(), 100);
    this.sync();
  }

  leave(): void {
    if (this.view.status === 'idle') return;
    for (const p of [...this.peers.values()]) this.closePeer(p);
    this.mic?.getTracks().forEach((t) => t.stop());
    this.mic = null;
    this.micSource = null;
    this.micAnalyser = null;
    this.recordDest = null;
    if (this.meterTimer) clearInterval(this.meterTimer);
    this.meterTimer = null;
    this.ctx?.close().catch(() => undefined);
    this.ctx = null;
    this.conn.media('off');
    this.set({ status: 'idle', muted: false, peers: {}, levels: {} });
  }

  private async openMic(deviceId: string | null): Promise<void> {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { ...(deviceId ? { deviceId: { exact: deviceId } } : {}), echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      video: false,
    });
    const track = stream.getAudioTracks()[0]!;
    track.enabled = !this.view.muted;
    const old = this.mic;
    this.mic = stream;
    const ctx = this.ctx!;
    this.micSource?.disconnect();
    this.micSource = ctx.createMediaStreamSource(stream);
    this.micAnalyser ??= ctx.createAnalyser();
    this.recordDest ??= ctx.createMediaStreamDestination();
    this.micSource.connect(this.micAnalyser);
    this.micSource.connect(this.recordDest);
    // Swap the track on every connection: no renegotiation.
    if (!this.view.muted) for (const p of this.peers.values()) for (const s of p.pc.getSenders()) if (s.track?.kind === 'audio' || s.track === null) void s.replaceTrack(track);
    old?.getTracks().forEach((t) => t.stop());
    const devices = await navigator.mediaDevices.enumerateDevices();
    const microphones = devices.filter((d) => d.kind === 'audioinput').map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Microphone ${i + 1}` }));
    this.set({ microphones, deviceId: track.getSettings().deviceId ?? deviceId });
  }

  async setDevice(deviceId: string): Promise<void> {
    if (this.view.status !== 'joined' || this.view.listenOnly) return;
    try {
      await this.openMic(deviceId);
    } catch (err) {
      this.set({ error: micError(err) });
    }
  }

  toggleMute(): void {
    if (this.view.status !== 'joined' || this.view.listenOnly || !this.mic) return;
    const muted = !this.view.muted;
    const track = this.mic.getAudioTracks()[0]!;
    // Disabled, the recorder hears silence; off the senders, nothing goes out at all.
    track.enabled = !muted;
    for (const p of this.peers.values()) for (const s of p.pc.getSenders()) if (s.track === track || (s.track === null && !muted)) void s.replaceTrack(muted ? null : track);
    this.set({ muted });
    this.conn.media(muted ? 'muted' : 'live');
  }

  // Who is in the call ---------------------------------------------------------------------------

  /** Presence changed: connect to everyone in the call, drop those who left it. */
  setParticipants(list: PresenceEntry[]): void {
    this.participants = list;
    this.sync();
  }

  private wants(p: PresenceEntry): boolean {
    if (this.view.status !== 'joined' || p.userId === this.me || !p.online || p.audio === 'off') return false;
    // Two listeners have nothing to exchange.
    return !(this.view.listenOnly && p.role === 'observer');
  }

  private sync(): void {
    const wanted = new Set(this.participants.filter((p) => this.wants(p)).map((p) => p.userId));
    for (const p of [...this.peers.values()]) if (!wanted.has(p.userId)) this.closePeer(p);
    for (const id of wanted) if (!this.peers.has(id)) this.openPeer(id);
  }

  private openPeer(userId: string): Peer {
    const pc = new RTCPeerConnection({ iceServers: this.conn.getView().iceServers as RTCIceServer[] });
    const peer: Peer = { userId, pc, id: newCallId(), remoteId: null, initiator: this.me < userId, chain: Promise.resolve(), restart: () => undefined, audioEl: null, analyser: null, restartTimer: null };
    this.peers.set(userId, peer);
    const track = this.mic?.getAudioTracks()[0];
    if (track && !this.view.listenOnly) {
      // Added before the offer arrives, addTrack's transceiver is matched to the offered audio line.
      const sender = pc.addTrack(track, this.mic!);
      if (this.view.muted) void sender.replaceTrack(null);
    } else if (peer.initiator) {
      // A listener that offers needs an audio line to offer.
      pc.addTransceiver('audio', { direction: 'recvonly' });
    }
    const send = (data: SignalData) => this.conn.signal(userId, { ...data, call: peer.id, for: peer.remoteId } as Record<string, unknown>);
    pc.onnegotiationneeded = () => {
      if (!peer.initiator) return;
      peer.chain = peer.chain.then(async () => {
        if (pc.signalingState !== 'stable') return;
        await pc.setLocalDescription();
        send({ description: pc.localDescription!.toJSON() });
      }).catch((err: unknown) => console.warn('audio: offer failed', err));
    };
    const restart = () => (peer.initiator ? pc.restartIce() : send({ restart: true }));
    peer.restart = restart;
    pc.onicecandidate = (e) => send({ candidate: e.candidate ? e.candidate.toJSON() : null });
    pc.ontrack = (e) => this.attachRemote(peer, e.streams[0] ?? new MediaStream([e.track]));
    pc.oniceconnectionstatechange = () => {
      const state = pc.iceConnectionState;
      if (peer.restartTimer) clearTimeout(peer.restartTimer);
      peer.restartTimer = null;
      if (state === 'failed') restart();
      else if (state === 'disconnected') peer.restartTimer = setTimeout(() => pc.iceConnectionState === 'disconnected' && restart(), DISCONNECTED_GRACE_MS);
    };
    pc.onconnectionstatechange = () => {
      if (this.peers.get(userId) !== peer) return;
      const state = pc.connectionState;
      const name = this.participants.find((p) => p.userId === userId)?.displayName ?? 'the other participant';
      const error =
        state === 'failed'
          ? `No audio connection to ${name} could be made. On different networks the server needs a TURN server (see docs/self-hosting.md); meanwhile use the call link.`
          : state === 'connected' && this.view.error?.startsWith('No audio connection')
            ? null
            : this.view.error;
      this.set({ peers: { ...this.view.peers, [userId]: state }, error });
    };
    this.set({ peers: { ...this.view.peers, [userId]: pc.connectionState } });
    return peer;
  }

  private closePeer(peer: Peer): void {
    if (peer.restartTimer) clearTimeout(peer.restartTimer);
    peer.pc.onconnectionstatechange = null;
    peer.pc.close();
    peer.audioEl?.remove();
    peer.analyser?.disconnect();
    this.peers.delete(peer.userId);
    const { [peer.userId]: _gone, ...peers } = this.view.peers;
    const { [peer.userId]: _level, ...levels } = this.view.levels;
    this.set({ peers, levels });
  }

  private attachRemote(peer: Peer, stream: MediaStream): void {
    if (!peer.audioEl) {
      // Chromium only feeds a remote WebRTC stream into Web Audio while a media element plays it.
      peer.audioEl = document.createElement('audio');
      peer.audioEl.autoplay = true;
      peer.audioEl.dataset.user = peer.userId;
      this.sink.appendChild(peer.audioEl);
    }
    peer.audioEl.srcObject = stream;
    void peer.audioEl.play().catch(() => undefined);
    if (this.ctx) {
      peer.analyser?.disconnect();
      const analyser = this.ctx.createAnalyser();
      this.ctx.createMediaStreamSource(stream).connect(analyser);
      peer.analyser = analyser;
    }
  }

  // Signalling -----------------------------------------------------------------------------------

  private async onSignal(from: string, data: SignalData): Promise<void> {
    if (this.view.status !== 'joined' || typeof data.call !== 'string') return;
    let peer = this.peers.get(from);
    // Meant for a connection of ours that is gone: drop it.
    if (peer && data.for && data.for !== peer.id) return;
    if (peer && peer.remoteId && data.call !== peer.remoteId) {
      // From an older connection of theirs: stale. From a newer one: they started over (reload,
      // rejoin), and a new connection always opens with its offer.
      if (compareCallIds(data.call, peer.remoteId) < 0 || data.description?.type !== 'offer') return;
      this.closePeer(peer);
      peer = undefined;
    }
    if (!peer) {
      const who = this.participants.find((p) => p.userId === from);
      // An offer from someone presence does not show in the call yet still opens the connection.
      if (data.description?.type !== 'offer' || (who && !this.wantsRole(who))) return;
      peer = this.openPeer(from);
    }
    peer.remoteId = data.call;
    const target = peer;
    target.chain = target.chain.then(() => this.apply(target, data)).catch((err: unknown) => console.warn('audio: signalling failed', err));
  }

  private async apply(peer: Peer, data: SignalData): Promise<void> {
    const pc = peer.pc;
    if (this.peers.get(peer.userId) !== peer) return;
    if (data.restart) {
      if (peer.initiator) pc.restartIce();
    } else if (data.description?.type === 'offer') {
      // Only the initiator offers; an offer to the initiator comes from an older client: ignore it.
      if (peer.initiator) return;
      await pc.setRemoteDescription(data.description);
      await pc.setLocalDescription();
      this.conn.signal(peer.userId, { description: pc.localDescription!.toJSON(), call: peer.id, for: peer.remoteId });
    } else if (data.description?.type === 'answer') {
      if (pc.signalingState === 'have-local-offer') await pc.setRemoteDescription(data.description);
    } else if (data.candidate !== undefined) {
      // A candidate for a description we never applied fails harmlessly.
      await pc.addIceCandidate(data.candidate ?? undefined).catch(() => undefined);
    }
  }

  private wantsRole(p: PresenceEntry): boolean {
    return !(this.view.listenOnly && p.role === 'observer');
  }

  // Levels -----------------------------------------------------------------------------------------

  private meter(): void {
    const levels: Record<string, number> = {};
    if (this.micAnalyser && !this.view.muted) levels[this.me] = level(this.micAnalyser);
    for (const p of this.peers.values()) if (p.analyser) levels[p.userId] = level(p.analyser);
    // Re-render only when someone starts or stops speaking, or a level moves visibly.
    const changed =
      Object.keys(levels).length !== Object.keys(this.view.levels).length ||
      Object.entries(levels).some(([k, v]) => Math.abs((this.view.levels[k] ?? 0) - v) > 0.02 || v > SPEAKING_LEVEL !== (this.view.levels[k] ?? 0) > SPEAKING_LEVEL);
    if (changed) this.set({ levels });
  }
}

const buf = new Uint8Array(1024);
/** RMS of the waveform, 0..1. */
function level(a: AnalyserNode): number {
  const n = Math.min(buf.length, a.fftSize);
  a.getByteTimeDomainData(buf.subarray(0, n));
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = (buf[i]! - 128) / 128;
    sum += v * v;
  }
  return Math.round(Math.sqrt(sum / n) * 100) / 100;
}

function micError(err: unknown): string {
  const name = (err as { name?: string })?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return 'Microphone access was denied. Allow it for this site (the icon left of the address bar) and join again, or use the call link.';
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No microphone was found. Plug one in and join again, or use the call link.';
  if (name === 'NotReadableError') return 'The microphone is in use by another application or could not be started.';
  if (!window.isSecureContext) return 'The browser only allows the microphone on https:// pages (or localhost). Ask the admin to serve Mockroom over TLS.';
  return `The microphone could not be started: ${(err as Error)?.message ?? String(err)}`;
}
