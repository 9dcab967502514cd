/**
 * The WebSocket protocol (DESIGN §6), defined once: zod schemas for what clients send (validated by
 * the server at the socket edge) and types for what the server sends (built through typed helpers).
 */
import { z } from 'zod';
import { ROLES, SESSION_MODES, SESSION_STATUSES, type Participant, type Role, type SessionMode, type SessionStatus } from './api';
import { boardOpSchema, shapeSchema, type BoardOp, type Shape } from './board';
import { PHASE_ACTIONS, type ClockState, type PhaseAction, type PlannedPhase } from './clock';
import { INPUT_KEYS, type EstimateInputs } from './estimate';
import { ERROR_CODES, type ErrorCode } from './errors';

/** Bumped on any incompatible change; checked in `hello`. */
export const PROTOCOL_VERSION = 1;

/** Frames over this many bytes close the socket with 1009. */
export const MAX_FRAME_BYTES = 256 * 1024;
export const MAX_CHAT_LENGTH = 4_000;
export const MAX_NOTES_LENGTH = 20_000;
/** A `signal` frame's `data` (SDP or an ICE candidate), serialised, at most this many bytes. */
export const MAX_SIGNAL_BYTES = 64 * 1024;

/**
 * A socket's microphone: `off` (not in the call), `muted` (in the call, sending nothing; an observer
 * listening is `muted`), `live` (sending). Presence shows each person's loudest state over their sockets.
 */
export const AUDIO_STATES = ['off', 'muted', 'live'] as const;
export type AudioState = (typeof AUDIO_STATES)[number];

/** One STUN/TURN server, as `RTCIceServer` (configured with ICE_SERVERS, sent in `welcome`). */
export const iceServerSchema = z
  .object({
    urls: z.union([z.string().regex(/^(stun|stuns|turn|turns):/, 'ICE server URLs start with stun:, stuns:, turn: or turns:'), z.array(z.string().regex(/^(stun|stuns|turn|turns):/, 'ICE server URLs start with stun:, stuns:, turn: or turns:')).min(1)]),
    username: z.string().optional(),
    credential: z.string().optional(),
  })
  .strict();
export type IceServer = z.infer<typeof iceServerSchema>;

/** Call settings every member sees: the external call link and whether the session is being recorded. */
export interface CallSettings {
  /** A Meet/Jitsi/Discord link participants set as the fallback, or null. */
  link: string | null;
  recording: {
    /** True once every seated participant (candidate and interviewer) consented. */
    active: boolean;
    /** Who has consented so far. */
    consented: string[];
  };
}

/** The candidate's structured notes beside the board (Hello Interview's delivery framework). */
export const NOTE_SECTIONS = ['functional', 'non-functional', 'entities', 'api', 'data-model'] as const;
export type NoteSection = (typeof NOTE_SECTIONS)[number];
export const NOTE_SECTION_LABELS: Record<NoteSection, string> = {
  functional: 'Functional requirements',
  'non-functional': 'Non-functional requirements',
  entities: 'Core entities',
  api: 'API',
  'data-model': 'Data model',
};

/** Author of events the room itself writes (a solo session's curveball at its minute). */
export const ROOM_AUTHOR = 'room';

/**
 * Printable ASCII: op ids are stored in a text column, and PostgreSQL's text refuses NUL, which
 * would fail the whole group commit (every room in it), not just the sender's op.
 */
export const OP_ID_PATTERN = /^[\x20-\x7e]{1,64}$/;
const opId = z.string().min(1).max(64).regex(OP_ID_PATTERN, 'opId must be 1 to 64 printable ASCII characters');

const estimateInputsSchema = z
  .object(
    Object.fromEntries(INPUT_KEYS.map((k) => [k, z.number().finite().min(0).max(1e13).optional()])) as Record<
      keyof EstimateInputs,
      z.ZodOptional<z.ZodNumber>
    >,
  )
  .strict();

/** Figures the candidate typed, by the problem's figure keys; null clears one. */
const estimateFiguresSchema = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,39}$/, 'figure keys are identifiers'), z.number().finite().min(0).max(1e21).nullable())
  .refine((r) => Object.keys(r).length <= 40, 'at most 40 figures');

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), protocol: z.number().int(), lastSeq: z.number().int().min(0).default(0) }).strict(),
  z.object({ type: z.literal('chat'), opId, text: z.string().trim().min(1, 'empty message').max(MAX_CHAT_LENGTH) }).strict(),
  z.object({ type: z.literal('board'), opId, op: boardOpSchema }).strict(),
  z.object({ type: z.literal('phase'), opId, action: z.enum(PHASE_ACTIONS) }).strict(),
  z
    .object({ type: z.literal('estimate'), opId, inputs: estimateInputsSchema.optional(), figures: estimateFiguresSchema.optional() })
    .strict()
    .refine((m) => m.inputs !== undefined || m.figures !== undefined, 'an estimate carries inputs, figures or both'),
  z.object({ type: z.literal('hint'), opId, id: z.string().min(1).max(64) }).strict(),
  z.object({ type: z.literal('curveball'), opId, id: z.string().min(1).max(64) }).strict(),
  z.object({ type: z.literal('notes'), opId, section: z.enum(NOTE_SECTIONS), text: z.string().max(MAX_NOTES_LENGTH) }).strict(),
  /** WebRTC signalling, relayed to the live sockets of one participant and never stored. */
  z
    .object({
      type: z.literal('signal'),
      to: z.string().min(1).max(64),
      data: z
        .record(z.string(), z.unknown())
        .refine((d) => JSON.stringify(d).length <= MAX_SIGNAL_BYTES, `signal data is limited to ${MAX_SIGNAL_BYTES / 1024} KiB`),
    })
    .strict(),
  z.object({ type: z.literal('media'), audio: z.enum(AUDIO_STATES) }).strict(),
  z
    .object({
      type: z.literal('cursor'),
      x: z.number().finite().min(-1e6).max(1e6),
      y: z.number().finite().min(-1e6).max(1e6),
    })
    .strict(),
]);

export type ClientMessage = z.infer<typeof clientMessageSchema>;
export type ClientMessageType = ClientMessage['type'];
/** Messages that become logged events (all but hello and the ephemeral cursor, signal and media). */
export type ClientOp = Exclude<ClientMessage, { type: 'hello' } | { type: 'cursor' } | { type: 'signal' } | { type: 'media' }>;

export const EVENT_KINDS = ['chat', 'board', 'phase', 'estimate', 'hint', 'curveball', 'notes', 'system'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Event payloads as stored in the log. */
export interface EventDataByKind {
  chat: { text: string };
  board: { op: BoardOp };
  phase: { action: PhaseAction };
  estimate: { inputs?: Partial<EstimateInputs>; figures?: Record<string, number | null> };
  /** The hint's text travels with the reveal: revealing it is the point. */
  hint: { id: string; text: string; phase: string };
  /** Filled from the guide by the server; `phase` is the phase it was delivered in. */
  curveball: { id: string; text: string; phase: string };
  notes: { section: NoteSection; text: string };
  system: { message: string };
}

export interface SessionEvent<K extends EventKind = EventKind> {
  seq: number;
  ts: number;
  author: string;
  kind: K;
  data: EventDataByKind[K];
}

export interface ChatLine {
  seq: number;
  ts: number;
  author: string;
  text: string;
}

export interface HintReveal {
  seq: number;
  ts: number;
  id: string;
  text: string;
  phase: string;
}

export interface CurveballDelivery {
  seq: number;
  ts: number;
  id: string;
  text: string;
  phase: string;
  /** Delivered by the room at its minute (solo), not by an interviewer. */
  auto: boolean;
}

export type Notes = Partial<Record<NoteSection, string>>;

export interface PresenceEntry extends Participant {
  online: boolean;
  /** The loudest microphone state over the person's live sockets. */
  audio: AudioState;
}

/** The folded room as a client needs it. Never holds interviewer-guide content. */
export interface RoomSnapshot {
  clock: ClockState;
  board: Shape[];
  chat: ChatLine[];
  estimate: Partial<EstimateInputs>;
  /** Figures the candidate typed (never computed by the app while the session runs). */
  figures: Record<string, number>;
  hints: HintReveal[];
  curveballs: CurveballDelivery[];
  notes: Notes;
}

export interface SessionHeader {
  id: string;
  /** Null for a candidate who may not know the problem yet (a surprise until the start; see SessionInfo). */
  problemSlug: string | null;
  problemTitle: string | null;
  mode: SessionMode;
  status: SessionStatus;
  phases: PlannedPhase[];
}

export type ServerMessage =
  | {
      type: 'welcome';
      protocol: number;
      you: { id: string; displayName: string };
      role: Role;
      session: SessionHeader;
      participants: PresenceEntry[];
      seq: number;
      state: RoomSnapshot;
      /** Server time when the frame was built, for clock-offset correction. */
      serverTime: number;
      /** STUN/TURN servers for the audio call (empty: host candidates only). */
      iceServers: IceServer[];
      call: CallSettings;
    }
  | ({ type: 'event' } & SessionEvent)
  /** The committed event travels with the ack: the sender folds exactly what its peers fold. */
  | { type: 'ack'; opId: string; seq: number; ts: number; event: SessionEvent }
  | { type: 'presence'; participants: PresenceEntry[] }
  | { type: 'cursor'; user: string; x: number; y: number }
  /** WebRTC signalling from one participant, relayed as sent. */
  | { type: 'signal'; from: string; data: Record<string, unknown> }
  /** The call link or recording consent changed. */
  | ({ type: 'call' } & CallSettings)
  | { type: 'error'; code: ErrorCode; message: string; opId?: string };

export type ServerMessageType = ServerMessage['type'];

const sessionEventFields = {
  seq: z.number().int().min(1),
  ts: z.number().int(),
  author: z.string(),
  kind: z.enum(EVENT_KINDS),
  data: z.record(z.string(), z.unknown()),
};
const presenceEntrySchema = z
  .object({ userId: z.string(), displayName: z.string(), role: z.enum(ROLES), online: z.boolean(), audio: z.enum(AUDIO_STATES) })
  .strict();
const callSettingsFields = {
  link: z.string().nullable(),
  recording: z.object({ active: z.boolean(), consented: z.array(z.string()) }).strict(),
};
const clockSchema = z
  .object({
    status: z.enum(SESSION_STATUSES),
    phaseIndex: z.number().int().min(-1),
    runningSince: z.number().nullable(),
    accumulatedMs: z.number(),
    spentMs: z.array(z.number()),
    startedAt: z.number().nullable(),
    endedAt: z.number().nullable(),
    pausedMs: z.number(),
    pausedSince: z.number().nullable(),
  })
  .strict();

/**
 * What the server sends, as a schema: the server's frame builders are tested against it, so a
 * hand-built fast-path string cannot drift from the protocol unnoticed.
 */
export const serverMessageSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('welcome'),
      protocol: z.literal(PROTOCOL_VERSION),
      you: z.object({ id: z.string(), displayName: z.string() }).strict(),
      role: z.enum(ROLES),
      session: z
        .object({
          id: z.string(),
          problemSlug: z.string().nullable(),
          problemTitle: z.string().nullable(),
          mode: z.enum(SESSION_MODES),
          status: z.enum(SESSION_STATUSES),
          phases: z.array(z.object({ id: z.string(), minutes: z.number() }).strict()),
        })
        .strict(),
      participants: z.array(presenceEntrySchema),
      seq: z.number().int().min(0),
      state: z
        .object({
          clock: clockSchema,
          board: z.array(shapeSchema),
          chat: z.array(z.object({ seq: z.number(), ts: z.number(), author: z.string(), text: z.string() }).strict()),
          estimate: estimateInputsSchema,
          figures: z.record(z.string(), z.number()),
          hints: z.array(z.object({ seq: z.number(), ts: z.number(), id: z.string(), text: z.string(), phase: z.string() }).strict()),
          curveballs: z.array(
            z.object({ seq: z.number(), ts: z.number(), id: z.string(), text: z.string(), phase: z.string(), auto: z.boolean() }).strict(),
          ),
          notes: z.partialRecord(z.enum(NOTE_SECTIONS), z.string()),
        })
        .strict(),
      serverTime: z.number(),
      iceServers: z.array(iceServerSchema),
      call: z.object(callSettingsFields).strict(),
    })
    .strict(),
  z.object({ type: z.literal('event'), ...sessionEventFields }).strict(),
  z
    .object({
      type: z.literal('ack'),
      opId,
      seq: z.number().int().min(1),
      ts: z.number().int(),
      event: z.object(sessionEventFields).strict(),
    })
    .strict()
    .refine((a) => a.event.seq === a.seq && a.event.ts === a.ts, 'the ack and its event disagree'),
  z.object({ type: z.literal('presence'), participants: z.array(presenceEntrySchema) }).strict(),
  z.object({ type: z.literal('cursor'), user: z.string(), x: z.number(), y: z.number() }).strict(),
  z.object({ type: z.literal('signal'), from: z.string(), data: z.record(z.string(), z.unknown()) }).strict(),
  z.object({ type: z.literal('call'), ...callSettingsFields }).strict(),
  z.object({ type: z.literal('error'), code: z.enum(ERROR_CODES), message: z.string().min(1), opId: opId.optional() }).strict(),
]);

/** The event kind a client op becomes. */
export function eventKindOf(type: ClientOp['type']): EventKind {
  return type;
}

/** Describes a zod failure in one line for the `error` frame. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid frame';
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
