/**
 * Every frame the server sends, built here and nowhere else. Most go through `JSON.stringify` of a
 * value the compiler checks against `ServerMessage`; the frames on the hot path (event, ack, cursor)
 * and the welcome (whose state is cached already serialised) are concatenated from parts that were
 * serialised once. test/unit/frames.test.ts parses the output of each builder with
 * `serverMessageSchema`, so a fast path cannot drift from the protocol.
 */
import type { Role } from '../../shared/api';
import type { ErrorCode } from '../../shared/errors';
import { PROTOCOL_VERSION, type CallSettings, type IceServer, type PresenceEntry, type RoomSnapshot, type ServerMessage, type SessionEvent, type SessionHeader } from '../../shared/protocol';

type Msg<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/** A committed event serialised once: `{"seq":…,"ts":…,"author":…,"kind":…,"data":…}`. */
export function eventJson(e: Pick<SessionEvent, 'seq' | 'ts' | 'author' | 'kind'>, dataJson: string): string {
  return `{"seq":${e.seq},"ts":${e.ts},"author":${JSON.stringify(e.author)},"kind":"${e.kind}","data":${dataJson}}`;
}

/** `event` frame for peers: the event's fields at the top level (DESIGN §6). */
export function eventFrame(serialisedEvent: string): string {
  return `{"type":"event",${serialisedEvent.slice(1)}`;
}

/** `ack` for the sender, carrying the committed event exactly as its peers receive it. */
export function ackFrame(opId: string, seq: number, ts: number, serialisedEvent: string): string {
  return `{"type":"ack","opId":${JSON.stringify(opId)},"seq":${seq},"ts":${ts},"event":${serialisedEvent}}`;
}

export function cursorFrame(user: string, x: number, y: number): string {
  return `{"type":"cursor","user":${JSON.stringify(user)},"x":${x},"y":${y}}`;
}

/** WebRTC signalling relayed from `from`; `data` was validated at the socket edge. */
export function signalFrame(from: string, data: Record<string, unknown>): string {
  return JSON.stringify({ type: 'signal', from, data } satisfies Msg<'signal'>);
}

export function callFrame(call: CallSettings): string {
  return JSON.stringify({ type: 'call', link: call.link, recording: call.recording } satisfies Msg<'call'>);
}

export function presenceFrame(participants: PresenceEntry[]): string {
  return JSON.stringify({ type: 'presence', participants } satisfies Msg<'presence'>);
}

export function errorFrame(code: ErrorCode, message: string, opId?: string): string {
  const msg: Msg<'error'> = opId === undefined ? { type: 'error', code, message } : { type: 'error', code, message, opId };
  return JSON.stringify(msg);
}

/** The room's state serialised for `welcome`; cached by the room while it is unchanged. */
export function snapshotJson(state: RoomSnapshot): string {
  return JSON.stringify(state);
}

export interface WelcomeParts {
  you: Msg<'welcome'>['you'];
  role: Role;
  session: SessionHeader;
  participants: PresenceEntry[];
  seq: number;
  serverTime: number;
  iceServers: IceServer[];
  call: CallSettings;
}

/** `welcome`, with the state spliced in from its cached serialisation. */
export function welcomeFrame(parts: WelcomeParts, serialisedState: string): string {
  const head = JSON.stringify({
    type: 'welcome',
    protocol: PROTOCOL_VERSION,
    you: parts.you,
    role: parts.role,
    session: parts.session,
    participants: parts.participants,
    seq: parts.seq,
    serverTime: parts.serverTime,
    iceServers: parts.iceServers,
    call: parts.call,
  } satisfies Omit<Msg<'welcome'>, 'state'>);
  return `${head.slice(0, -1)},"state":${serialisedState}}`;
}
