/** HTTP request schemas and response types, shared by the server (validation) and the web client. */
import { z } from 'zod';
import { PHASE_IDS, type PhaseId } from './phases';

/** What an id looks like (sessions, groups, slots, users, sign-ins): at most 64 URL-safe characters. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const usernameSchema = z
  .string()
  .trim()
  .min(3, 'Use at least 3 characters.')
  .max(32, 'Use at most 32 characters.')
  .regex(/^[A-Za-z0-9_.-]+$/, 'Use letters, digits, "_", "." or "-".');

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a display name.')
  .max(48, 'Use at most 48 characters.')
  .regex(/^[^\p{Cc}]*$/u, 'Use no control characters.');

export const registerBody = z
  .object({
    username: usernameSchema,
    password: z.string().max(200, 'Use at most 200 characters.'),
    displayName: displayNameSchema.optional(),
    inviteCode: z.string().trim().min(1).max(64).optional(),
    /** Needed for the first account from an address that is not loopback: from the setup URL in the log. */
    setupToken: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export const loginBody = z
  .object({
    username: z.string().trim().min(1, 'Enter your username.').max(64),
    password: z.string().min(1, 'Enter your password.').max(200),
  })
  .strict();

export const mePatchBody = z.object({ displayName: displayNameSchema }).strict();

export const passwordChangeBody = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password.').max(200),
    newPassword: z.string().max(200, 'Use at most 200 characters.'),
  })
  .strict();

export const passwordResetBody = z
  .object({
    token: z.string().trim().min(1, 'The link has no token.').max(200),
    newPassword: z.string().max(200, 'Use at most 200 characters.'),
  })
  .strict();

/** One active sign-in of yours (a browser where you are signed in). */
export interface SignInInfo {
  id: string;
  createdAt: number;
  lastSeenAt: number | null;
  userAgent: string | null;
  /** The sign-in this request was made with. */
  current: boolean;
}

/** A one-time password reset link an admin passes on to a user (valid 24 hours). */
export interface ResetLink {
  url: string;
  expiresAt: number;
}

/** What a reset link is for, shown before the new password is chosen. */
export interface ResetInfo {
  username: string;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
}

export interface Health {
  ok: true;
  version: string;
}

export const SESSION_MODES = ['solo', 'paired'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];
export const ROLES = ['candidate', 'interviewer', 'observer'] as const;
export type Role = (typeof ROLES)[number];
export const SESSION_STATUSES = ['waiting', 'live', 'paused', 'ended'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const phasePlanSchema = z
  .array(
    z
      .object({
        id: z.enum(PHASE_IDS),
        minutes: z.number().int().min(1).max(90),
      })
      .strict(),
  )
  .min(1)
  .max(5)
  .refine((phases) => new Set(phases.map((p) => p.id)).size === phases.length, 'Each phase may appear once.');

export const createSessionBody = z
  .object({
    problemSlug: z.string().min(1).max(80),
    mode: z.enum(SESSION_MODES),
    role: z.enum(['candidate', 'interviewer']).default('candidate'),
    phases: phasePlanSchema.optional(),
    /** Share it on this group's board (you must be a member), where members can take the open seat. */
    groupId: z.string().regex(ID_PATTERN).optional(),
  })
  .strict();

export const joinSessionBody = z.object({ inviteCode: z.string().trim().min(1).max(64) }).strict();

/** What an invite link joins, shown before the click that joins it. */
export interface SessionPreview {
  id: string;
  /** Null when you are the candidate and the problem is a surprise until the start (see SessionInfo). */
  problemTitle: string | null;
  mode: SessionMode;
  status: SessionStatus;
  host: string;
  /** What the code gives: a seat, or watching as an observer (null: the session is full or ended). */
  joinsAs: Role | null;
  /** You are in it already, in this role. */
  yourRole: Role | null;
}

export interface GroupPreview {
  id: string;
  name: string;
  memberCount: number;
  owner: string;
  /** You are a member already. */
  member: boolean;
}

export interface Participant {
  userId: string;
  displayName: string;
  role: Role;
}

export interface SessionInfo {
  id: string;
  /**
   * Both null for the candidate of a scheduled session whose interviewer picked the problem (an "any
   * problem" slot), until the session starts: a surprise, as in a real interview (see `mayKnowProblem`).
   */
  problemSlug: string | null;
  problemTitle: string | null;
  mode: SessionMode;
  status: SessionStatus;
  phases: { id: PhaseId; minutes: number }[];
  participants: Participant[];
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  /** Your role in this session. */
  role: Role;
  /** Present for the session's candidate/interviewer: the code a peer joins with. */
  inviteCode?: string;
  /** Present for the session's candidate/interviewer: the code observers join with. */
  observerCode?: string;
  /** Who called off the scheduled mock this session was made for (it then ended without starting). */
  cancelledBy?: string;
}

// ---------------------------------------------------------------------------------------------
// Study groups (DESIGN §4-5): members, invite codes, a board of slots to pair on, spoiler tracking.

export const GROUP_ROLES = ['owner', 'member'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];
/** The two seats of a paired session: a slot poster asks for one and the taker gets the other. */
export type Seat = 'candidate' | 'interviewer';

export const groupNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the group a name.')
  .max(60, 'Use at most 60 characters.')
  .regex(/^[^\p{Cc}]*$/u, 'Use no control characters.');

export const createGroupBody = z.object({ name: groupNameSchema }).strict();
export const renameGroupBody = z.object({ name: groupNameSchema }).strict();
export const joinGroupBody = z.object({ code: z.string().trim().min(1, 'Enter the invite code.').max(64, 'That is not an invite code.') }).strict();

export const SLOT_MIN_MINUTES = 15;
export const SLOT_MAX_MINUTES = 180;
/** How far ahead a slot may be planned. */
export const SLOT_MAX_AHEAD_DAYS = 90;
/** The "Join room" button opens this long before a scheduled start. */
export const JOIN_EARLY_MS = 10 * 60_000;

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const postSlotBody = z
  .object({
    /** The role the poster plays: "candidate" means "looking for an interviewer". */
    role: z.enum(['candidate', 'interviewer']),
    /** null: any problem, picked when the slot is taken. */
    problemSlug: z.string().min(1).max(80).nullable().default(null),
    note: z.string().trim().max(200, 'Use at most 200 characters.').optional(),
    /** When: ISO 8601 with an offset (2026-12-01T20:00:00+01:00). Absent: "any time". */
    startsAt: z.iso.datetime({ offset: true, message: 'Give the time as ISO 8601 with an offset, e.g. 2026-12-01T20:00:00+01:00.' }).optional(),
    /** Minutes; default the four default phases (40). Only with `startsAt`. */
    durationMinutes: z.number().int('Use whole minutes.').min(SLOT_MIN_MINUTES, `At least ${SLOT_MIN_MINUTES} minutes.`).max(SLOT_MAX_MINUTES, `At most ${SLOT_MAX_MINUTES} minutes.`).optional(),
    /** The poster's IANA time zone (Europe/Berlin): the board shows it beside the viewer's own. */
    timeZone: z.string().min(1).max(64).refine(isTimeZone, 'Not a known IANA time zone.').optional(),
  })
  .strict();

export const takeSlotBody = z.object({ problemSlug: z.string().min(1).max(80).optional() }).strict();

export interface GroupSummary {
  id: string;
  name: string;
  /** Your role in the group. */
  role: GroupRole;
  memberCount: number;
  createdAt: number;
}

export interface GroupMember {
  userId: string;
  username: string;
  displayName: string;
  role: GroupRole;
  joinedAt: number;
}

export interface GroupInfo extends GroupSummary {
  /** Members share it (as a link /groups/join?code=…); only the owner can replace it. */
  inviteCode: string;
  members: GroupMember[];
}

export interface ProblemPick {
  slug: string;
  title: string;
  difficulty: string;
}

export interface GroupSlot {
  id: string;
  postedBy: { userId: string; displayName: string };
  /** The poster's role; the taker gets the other seat. */
  role: Seat;
  problemSlug: string | null;
  problemTitle: string | null;
  note: string | null;
  createdAt: number;
  mine: boolean;
  /** Spoiler check for a fixed problem: how the would-be candidate has met it before (null: never). */
  candidateSeen: Role[] | null;
  /** For "any problem" slots: problems the would-be candidate has not seen, best first. */
  suggestions: ProblemPick[];
  /** Epoch ms; null: "any time". */
  startsAt: number | null;
  durationMinutes: number | null;
  /** The poster's IANA time zone (null for "any time"). */
  timeZone: string | null;
}

/** A taken slot with a time: a session planned between two members (GET /api/me/upcoming). */
export interface UpcomingSession {
  slotId: string;
  groupId: string;
  groupName: string;
  sessionId: string;
  startsAt: number;
  endsAt: number;
  durationMinutes: number;
  /** The poster's time zone. */
  timeZone: string;
  status: 'scheduled' | 'cancelled';
  cancelledBy: string | null;
  /** Your seat. */
  role: Seat;
  partner: { userId: string; displayName: string };
  /** You posted the slot and your partner took it (reminders announce that once). */
  postedByYou: boolean;
  /** null while you are the candidate of a problem the interviewer picked (a surprise until the start). */
  problemTitle: string | null;
  /** A new start one of you proposed; the other accepts or declines. */
  proposal: { startsAt: number; mine: boolean } | null;
}

export const proposeTimeBody = z
  .object({
    startsAt: z.iso.datetime({ offset: true, message: 'Give the time as ISO 8601 with an offset, e.g. 2026-12-01T20:00:00+01:00.' }),
  })
  .strict();

export interface UpcomingList {
  /** The server's clock when it answered: clients measure their offset from it. */
  serverTime: number;
  sessions: UpcomingSession[];
}

export interface CalendarFeedInfo {
  url: string;
}

export interface WaitingSession {
  id: string;
  problemSlug: string;
  problemTitle: string;
  host: { userId: string; displayName: string; role: Seat };
  /** The seat still open. */
  openRole: Seat;
  createdAt: number;
  mine: boolean;
  /** Your history with the problem, when the open seat is the candidate's. */
  candidateSeen: Role[] | null;
}

/** One of your slots that somebody took: the page sends you to its room. */
export interface TakenSlot {
  slotId: string;
  sessionId: string;
  takenBy: string;
  problemTitle: string;
  takenAt: number;
}

export interface GroupBoard {
  slots: GroupSlot[];
  waiting: WaitingSession[];
  taken: TakenSlot[];
}

export interface PairedResult {
  sessionId: string;
  role: Seat;
  problemSlug: string;
  problemTitle: string;
}

export interface GroupCoverage {
  problems: ProblemPick[];
  members: { userId: string; displayName: string }[];
  /** seen[userId][slug]: the roles in which that member has met the problem. */
  seen: Record<string, Record<string, Role[]>>;
}

export interface GroupActivity {
  members: { userId: string; displayName: string; asCandidate: number; asInterviewer: number; lastSessionAt: number | null }[];
  recent: {
    id: string;
    /** Null for a surprise problem its candidate may not know yet (the same rule as everywhere). */
    problemSlug: string | null;
    problemTitle: string | null;
    mode: SessionMode;
    status: SessionStatus;
    createdAt: number;
    /** Only the group's members among the participants. */
    participants: Participant[];
  }[];
}

// ---------------------------------------------------------------------------------------------
// Administration (the first account is the admin)

export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
  disabled: boolean;
  createdAt: number;
}

export const adminUserPatch = z.object({ disabled: z.boolean() }).strict();

export interface AdminSettings {
  /** Set by the REGISTRATION environment variable; read-only here. */
  registration: 'open' | 'invite' | 'closed';
  publicUrl: string | null;
  version: string;
  users: number;
}

/** What the server is doing now, for the admin page. Counters run from the last start. */
export interface AdminStatus {
  startedAt: number;
  /** Rooms loaded in memory (one per session with someone connected). */
  rooms: number;
  connections: number;
  eventsCommitted: number;
  /** Transactions those events were committed in (group commit). */
  commits: number;
  opsRefused: number;
  rateLimited: number;
  slowClientsCut: number;
  /** Times the write-ahead log was rewound under sustained writes, and the slowest, in ms. */
  walRewinds: number;
  walRewindMsMax: number;
  /** Where the data lives, and this node's id (several nodes may share a PostgreSQL database). */
  engine: 'sqlite' | 'postgres';
  node: string;
  databaseBytes: number;
  /** SQLite only. */
  walBytes: number | null;
}

export interface RegistrationInvite {
  code: string;
  createdAt: number;
  createdBy: string;
  usedBy: string | null;
  usedAt: number | null;
}

// --- Live audio and recorded mocks -----------------------------------------------------------

export const consentBody = z.object({ record: z.boolean() }).strict();

/** An external call link: http(s) only, so a `javascript:` link can never be stored. */
export const callLinkBody = z
  .object({
    link: z
      .string()
      .trim()
      .max(500, 'Use at most 500 characters.')
      .refine((s) => {
        try {
          const u = new URL(s);
          return u.protocol === 'https:' || u.protocol === 'http:';
        } catch {
          return false;
        }
      }, 'Paste a full http(s) link, e.g. https://meet.jit.si/your-room.')
      .nullable(),
  })
  .strict();

/** MediaRecorder's target bitrate per speaker (Opus). */
export const RECORDING_BITS_PER_SECOND = 24_000;
/** Each browser uploads what it recorded every this many milliseconds. */
export const RECORDING_CHUNK_MS = 4_000;
export const MAX_CHUNK_BYTES = 1024 * 1024;
/** A track is refused past this long… */
export const MAX_TRACK_MINUTES = 90;
/** …or past this many bytes: 90 minutes at twice the target bitrate (container overhead, VBR peaks). */
export const MAX_TRACK_BYTES = (MAX_TRACK_MINUTES * 60 * RECORDING_BITS_PER_SECOND * 2) / 8;
/** Tracks one person may start in one session (a new one per audio join or page load). */
export const MAX_TRACKS_PER_USER = 20;

export interface RecordingTrack {
  trackId: string;
  userId: string;
  /** Server time the recording started. */
  startedAt: number;
  /** Server time its latest chunk arrived. */
  endedAt: number;
  chunks: number;
  bytes: number;
  mime: string;
}
