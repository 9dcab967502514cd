/**
 * One interface per table: the typed `Database` Kysely checks every query against. Enum-like columns
 * are literal unions (SQLite stores text; only this code writes them), and code reads rows as
 * `Selectable<…Table>` (the `…Row` aliases below), as Kysely's docs recommend.
 */
import type { Generated, Selectable } from 'kysely';
import type { GroupRole, Role, Seat, SessionMode, SessionStatus } from '../../shared/api';
import type { Difficulty } from '../../shared/problem';
import type { EventKind } from '../../shared/protocol';
import type { Overall } from '../../shared/rubric';
import type { CardStatus } from '../../shared/scorecard';

/** SQLite booleans. */
export type Flag = 0 | 1;

export interface UsersTable {
  id: string;
  username: string;
  /** Lower-cased username: the unique key, so "Ada" and "ada" are one account. */
  username_key: string;
  display_name: string;
  password_hash: string;
  is_admin: Flag;
  disabled: Flag;
  created_at: number;
}

export interface AuthSessionsTable {
  /** SHA-256 of the cookie token: a database leak does not leak live sessions. */
  token_hash: string;
  /** The sign-in's public id (listed on the settings page, revoked by it, recorded on its sockets). */
  id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  /** Updated at most every few minutes, not on every request. */
  last_seen_at: number | null;
  user_agent: string | null;
}

export interface PasswordResetsTable {
  /** SHA-256 of the token in the link. */
  token_hash: string;
  user_id: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface RegistrationInvitesTable {
  code: string;
  created_by: string;
  created_at: number;
  used_by: string | null;
  used_at: number | null;
}

export interface ProblemsTable {
  slug: string;
  title: string;
  difficulty: Difficulty;
  /** JSON array of strings. */
  tags: string;
  summary: string;
  prompt: string;
  /** JSON: suggested phase minutes. */
  phases: string;
  /** JSON: the interviewer guide. */
  guide: string;
  content_hash: string;
  updated_at: number;
}

export interface SessionsTable {
  id: string;
  problem_slug: string;
  mode: SessionMode;
  status: SessionStatus;
  /** JSON: [{ id, minutes }]. */
  phases: string;
  invite_code: string;
  observer_code: string;
  created_by: string;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  /** The group the session was shared to (its board lists it while it waits for a peer), or null. */
  group_id: string | null;
  /** External call link (Meet, Jitsi, Discord) shown to everyone in the room; null when unset. */
  call_link: Generated<string | null>;
}

export interface ParticipantsTable {
  session_id: string;
  user_id: string;
  role: Role;
  joined_at: number;
  /** 1 once the person consented to recording this session's audio. */
  record_consent: Generated<number>;
}

export interface RecordingTracksTable {
  /** Chosen by the recording browser (random, URL-safe). */
  id: string;
  session_id: string;
  user_id: string;
  /** `audio/webm` or `audio/ogg`, with `;codecs=opus` when the browser said so. */
  mime: string;
  /** Server time the recording started: the review aligns the track to the event log with it. */
  started_at: number;
  /** Server time the latest chunk arrived. */
  last_at: number;
  chunks: number;
  bytes: number;
}

export interface RecordingChunksTable {
  id: Generated<number>;
  track_id: string;
  n: number;
  /** Server time the chunk arrived. */
  received_at: number;
  bytes: number;
  data: Buffer;
}

export interface EventsTable {
  /** Commit order (rowid); reads go through the (session_id, seq) index. */
  id: Generated<number>;
  session_id: string;
  seq: number;
  ts: number;
  author: string;
  kind: EventKind;
  /** JSON as stored; replayed verbatim. */
  data: string;
  op_id: string | null;
}

export interface ScorecardsTable {
  session_id: string;
  scorer_id: string;
  /** The session's candidate. */
  subject_id: string;
  /** JSON: Score[]. */
  scores: string;
  overall: Overall | null;
  notes: string;
  status: CardStatus;
  updated_at: number;
}

export interface GroupsTable {
  id: string;
  name: string;
  invite_code: string;
  created_by: string;
  created_at: number;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
  /** Exactly one owner per group. */
  role: GroupRole;
  joined_at: number;
}

export interface GroupSlotsTable {
  id: string;
  group_id: string;
  posted_by: string;
  /** The role the poster plays: candidate (looking for an interviewer) or interviewer. */
  role: Seat;
  /** null: any problem, chosen when the slot is taken. */
  problem_slug: string | null;
  note: string | null;
  /** cancelled: a scheduled (timed, taken) slot that either of the two called off. */
  status: 'open' | 'taken' | 'cancelled';
  created_at: number;
  taken_by: string | null;
  taken_at: number | null;
  session_id: string | null;
  /** Epoch ms; null: "any time". */
  starts_at: Generated<number | null>;
  duration_minutes: Generated<number | null>;
  /** The poster's IANA time zone, to show the time as they meant it. */
  time_zone: Generated<string | null>;
  /** iCalendar SEQUENCE: bumped on every change a calendar should notice (taken, cancelled). */
  sequence: Generated<number>;
  updated_at: Generated<number | null>;
  cancelled_by: Generated<string | null>;
  /** A new start one of the two proposed; the other accepts (it becomes starts_at) or declines. */
  proposed_starts_at: Generated<number | null>;
  proposed_by: Generated<string | null>;
}

/** One private calendar feed per user: the token is the whole credential (calendar apps send no cookies). */
export interface CalendarFeedsTable {
  user_id: string;
  token: string;
  created_at: number;
}

export interface Database {
  users: UsersTable;
  auth_sessions: AuthSessionsTable;
  password_resets: PasswordResetsTable;
  registration_invites: RegistrationInvitesTable;
  problems: ProblemsTable;
  sessions: SessionsTable;
  participants: ParticipantsTable;
  events: EventsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  group_slots: GroupSlotsTable;
  calendar_feeds: CalendarFeedsTable;
  scorecards: ScorecardsTable;
  recording_tracks: RecordingTracksTable;
  recording_chunks: RecordingChunksTable;
}

export type UserRow = Selectable<UsersTable>;
export type AuthSessionRow = Selectable<AuthSessionsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type GroupRow = Selectable<GroupsTable>;
export type SlotRow = Selectable<GroupSlotsTable>;
export type ScorecardRow = Selectable<ScorecardsTable>;

export type { Generated };
