/** One interface per table: the typed `Database` Kysely checks every query against. */
import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  username: string;
  /** Lower-cased username: the unique key, so "Ada" and "ada" are one account. */
  username_key: string;
  display_name: string;
  password_hash: string;
  is_admin: number;
  disabled: number;
  created_at: number;
}

export interface AuthSessionsTable {
  /** SHA-256 of the cookie token: a database leak does not leak live sessions. */
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
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
  difficulty: string;
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
  mode: string;
  status: string;
  /** JSON: [{ id, minutes }]. */
  phases: string;
  invite_code: string;
  observer_code: string;
  created_by: string;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  /** External call link (Meet, Jitsi, Discord) shown to everyone in the room; null when unset. */
  call_link: Generated<string | null>;
}

export interface ParticipantsTable {
  session_id: string;
  user_id: string;
  role: string;
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
  kind: string;
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
  overall: string | null;
  notes: string;
  status: string;
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
  /** owner | member; exactly one owner per group. */
  role: string;
  joined_at: number;
}

export interface GroupSlotsTable {
  id: string;
  group_id: string;
  posted_by: string;
  /** The role the poster plays: candidate (looking for an interviewer) or interviewer. */
  role: string;
  /** null: any problem, chosen when the slot is taken. */
  problem_slug: string | null;
  note: string | null;
  /** open | taken */
  status: string;
  created_at: number;
  taken_by: string | null;
  taken_at: number | null;
  session_id: string | null;
}

export interface Database {
  users: UsersTable;
  auth_sessions: AuthSessionsTable;
  registration_invites: RegistrationInvitesTable;
  problems: ProblemsTable;
  sessions: SessionsTable;
  participants: ParticipantsTable;
  events: EventsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  group_slots: GroupSlotsTable;
  scorecards: ScorecardsTable;
  recording_tracks: RecordingTracksTable;
  recording_chunks: RecordingChunksTable;
}

export type { Generated };
