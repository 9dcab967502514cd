/**
 * Migrations, frozen in time and named by date. Never edit one that has shipped: add a new one.
 * An in-code provider (not FileMigrationProvider) so the bundled server carries them.
 */
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const migrations: Record<string, Migration> = {
  '2026-11-23-01-accounts': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('username_key', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('auth_sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('expires_at', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('auth_sessions_user').on('auth_sessions').column('user_id').execute();
      await db.schema
        .createTable('registration_invites')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('used_by', 'text', (c) => c.references('users.id'))
        .addColumn('used_at', 'integer')
        .execute();
    },
  },
  '2026-11-23-02-problems': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('problems')
        .addColumn('slug', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('difficulty', 'text', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('prompt', 'text', (c) => c.notNull())
        .addColumn('phases', 'text', (c) => c.notNull())
        .addColumn('guide', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'integer', (c) => c.notNull())
        .execute();
    },
  },
  '2026-11-23-03-sessions': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('problem_slug', 'text', (c) => c.notNull().references('problems.slug'))
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('phases', 'text', (c) => c.notNull())
        .addColumn('invite_code', 'text', (c) => c.notNull())
        .addColumn('observer_code', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('started_at', 'integer')
        .addColumn('ended_at', 'integer')
        .execute();
      await db.schema
        .createTable('participants')
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('joined_at', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('participants_pk', ['session_id', 'user_id'])
        .execute();
      await db.schema.createIndex('participants_user').on('participants').column('user_id').execute();
      // One candidate and one interviewer per session, even when two people join at the same moment.
      await sql`CREATE UNIQUE INDEX participants_seat ON participants(session_id, role) WHERE role IN ('candidate', 'interviewer')`.execute(db);
      // WITHOUT ROWID: events are read by (session, seq) range, so the primary key is the table.
      await sql`CREATE TABLE events (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        author TEXT NOT NULL,
        kind TEXT NOT NULL,
        data TEXT NOT NULL,
        op_id TEXT,
        PRIMARY KEY (session_id, seq)
      ) WITHOUT ROWID`.execute(db);
      await sql`CREATE UNIQUE INDEX events_op ON events(session_id, author, op_id) WHERE op_id IS NOT NULL`.execute(db);
    },
  },
  '2026-11-23-05-groups': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('groups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('invite_code', 'text', (c) => c.notNull().unique())
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('group_members')
        .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('joined_at', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'user_id'])
        .execute();
      await db.schema.createIndex('group_members_user').on('group_members').column('user_id').execute();
      // One owner per group, even when ownership passes on while someone else leaves.
      await sql`CREATE UNIQUE INDEX group_members_owner ON group_members(group_id) WHERE role = 'owner'`.execute(db);
      await db.schema
        .createTable('group_slots')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
        .addColumn('posted_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('problem_slug', 'text', (c) => c.references('problems.slug'))
        .addColumn('note', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('taken_by', 'text', (c) => c.references('users.id'))
        .addColumn('taken_at', 'integer')
        .addColumn('session_id', 'text', (c) => c.references('sessions.id').onDelete('set null'))
        .execute();
      await db.schema.createIndex('group_slots_group').on('group_slots').columns(['group_id', 'status']).execute();
    },
  },
  '2026-11-23-04-scorecards': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('scorecards')
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('scorer_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('subject_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('scores', 'text', (c) => c.notNull())
        .addColumn('overall', 'text')
        .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('scorecards_pk', ['session_id', 'scorer_id'])
        .execute();
      await db.schema.createIndex('scorecards_subject').on('scorecards').column('subject_id').execute();
    },
  },
  /**
   * Events move to a rowid table in commit order. Keyed by (session, seq), every event of 500
   * interleaved live sessions dirtied its own session's leaf pages of the table and of the op_id
   * index: ~15 KB of WAL per event and half the server's CPU per op in the room benchmark. Appended
   * in commit order, rows share pages; one (session, seq) index serves reads and keeps seq unique.
   * The op_id index goes: rooms deduplicate in memory from the log they fold at load.
   */
  '2026-11-23-06-events-append-order': {
    async up(db: Kysely<unknown>) {
      await sql`CREATE TABLE events_v2 (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        author TEXT NOT NULL,
        kind TEXT NOT NULL,
        data TEXT NOT NULL,
        op_id TEXT
      )`.execute(db);
      await sql`INSERT INTO events_v2 (session_id, seq, ts, author, kind, data, op_id)
        SELECT session_id, seq, ts, author, kind, data, op_id FROM events ORDER BY ts, session_id, seq`.execute(db);
      await sql`DROP TABLE events`.execute(db);
      await sql`ALTER TABLE events_v2 RENAME TO events`.execute(db);
      await sql`CREATE UNIQUE INDEX events_session_seq ON events(session_id, seq)`.execute(db);
    },
  },
  /**
   * Trust and accounts (issue 15). Sessions remember the group they were shared to: a group's board
   * lists, and lets members join, only those (a slot's session belongs to its group). Sign-ins get a
   * public id (to list and revoke them, and to close their sockets), a user agent and a last-seen
   * time. Admins hand out one-time password reset links.
   */
  '2026-11-30-01-accounts-and-sharing': {
    async up(db: Kysely<unknown>) {
      await sql`ALTER TABLE sessions ADD COLUMN group_id TEXT REFERENCES groups(id) ON DELETE SET NULL`.execute(db);
      await sql`UPDATE sessions SET group_id = (SELECT s.group_id FROM group_slots s WHERE s.session_id = sessions.id)
        WHERE id IN (SELECT session_id FROM group_slots WHERE session_id IS NOT NULL)`.execute(db);
      await sql`CREATE INDEX sessions_group ON sessions(group_id, status) WHERE group_id IS NOT NULL`.execute(db);

      await sql`ALTER TABLE auth_sessions ADD COLUMN id TEXT`.execute(db);
      await sql`ALTER TABLE auth_sessions ADD COLUMN last_seen_at INTEGER`.execute(db);
      await sql`ALTER TABLE auth_sessions ADD COLUMN user_agent TEXT`.execute(db);
      await sql`UPDATE auth_sessions SET id = lower(hex(randomblob(16))) WHERE id IS NULL`.execute(db);
      await sql`CREATE UNIQUE INDEX auth_sessions_id ON auth_sessions(id)`.execute(db);

      await db.schema
        .createTable('password_resets')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('expires_at', 'integer', (c) => c.notNull())
        .addColumn('used_at', 'integer')
        .execute();
      await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();
    },
  },
  /**
   * Live audio and recorded mocks (issue 14): the external call link and recording consent are
   * session properties set over HTTP; recorded audio lives in the database so one backup keeps it.
   * Chunks are a rowid table (blobs of ~15 KB each; a WITHOUT ROWID table wants small rows).
   */
  '2026-11-30-02-audio-recordings': {
    async up(db: Kysely<unknown>) {
      await sql`ALTER TABLE sessions ADD COLUMN call_link TEXT`.execute(db);
      await sql`ALTER TABLE participants ADD COLUMN record_consent INTEGER NOT NULL DEFAULT 0`.execute(db);
      await sql`CREATE TABLE recording_tracks (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id),
        mime TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        last_at INTEGER NOT NULL,
        chunks INTEGER NOT NULL DEFAULT 0,
        bytes INTEGER NOT NULL DEFAULT 0
      )`.execute(db);
      await sql`CREATE INDEX recording_tracks_session ON recording_tracks(session_id, user_id)`.execute(db);
      await sql`CREATE TABLE recording_chunks (
        id INTEGER PRIMARY KEY,
        track_id TEXT NOT NULL REFERENCES recording_tracks(id) ON DELETE CASCADE,
        n INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        data BLOB NOT NULL
      )`.execute(db);
      await sql`CREATE UNIQUE INDEX recording_chunks_track_n ON recording_chunks(track_id, n)`.execute(db);
    },
  },
  /**
   * Slots with a time and calendar feeds (issue 19). A slot may carry a start (epoch ms), a length
   * and the poster's IANA time zone; `sequence` and `updated_at` feed iCalendar's SEQUENCE and
   * DTSTAMP; a scheduled slot can be cancelled (status 'cancelled') or moved (one of the two proposes a
   * new start, the other accepts). One private feed token per user.
   */
  '2026-11-30-03-scheduled-slots': {
    async up(db: Kysely<unknown>) {
      await sql`ALTER TABLE group_slots ADD COLUMN starts_at INTEGER`.execute(db);
      await sql`ALTER TABLE group_slots ADD COLUMN duration_minutes INTEGER`.execute(db);
      await sql`ALTER TABLE group_slots ADD COLUMN time_zone TEXT`.execute(db);
      await sql`ALTER TABLE group_slots ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0`.execute(db);
      await sql`ALTER TABLE group_slots ADD COLUMN updated_at INTEGER`.execute(db);
      await sql`ALTER TABLE group_slots ADD COLUMN cancelled_by TEXT REFERENCES users(id)`.execute(db);
      await sql`ALTER TABLE group_slots ADD COLUMN proposed_starts_at INTEGER`.execute(db);
      await sql`ALTER TABLE group_slots ADD COLUMN proposed_by TEXT REFERENCES users(id)`.execute(db);
      await sql`UPDATE group_slots SET updated_at = COALESCE(taken_at, created_at)`.execute(db);
      await sql`CREATE INDEX group_slots_posted_by ON group_slots(posted_by, starts_at) WHERE starts_at IS NOT NULL`.execute(db);
      await sql`CREATE INDEX group_slots_taken_by ON group_slots(taken_by, starts_at) WHERE starts_at IS NOT NULL`.execute(db);
      await sql`CREATE TABLE calendar_feeds (
        user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        token TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
      )`.execute(db);
    },
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
