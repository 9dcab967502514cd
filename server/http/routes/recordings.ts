/**
 * The call's HTTP side: the external call link, recording consent, and recorded audio.
 *
 * Each participant's browser records its own microphone and uploads chunks every few seconds with
 * `PUT …/recordings/:trackId/chunks/:n` (raw `audio/webm` or `audio/ogg`, at most 1 MiB). That route
 * is the one API route whose body is not JSON: app.ts leaves it out of the 64 KiB JSON limit and it
 * applies its own limit here. Everything answers strangers 404, like the rest of a session.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import {
  callLinkBody,
  consentBody,
  MAX_CHUNK_BYTES,
  MAX_TRACK_BYTES,
  MAX_TRACK_MINUTES,
  MAX_TRACKS_PER_USER,
  type Role,
} from '../../../shared/api';
import { getSession, roleOf } from '../../store/sessions';
import {
  callSettings,
  chunkData,
  chunkOf,
  chunkSizes,
  createTrack,
  deleteTracks,
  getTrack,
  insertChunk,
  listTracks,
  setCallLink,
  setConsent,
  setTrackStart,
  tracksOfUser,
} from '../../store/recordings';
import type { AppDeps, AppEnv } from '../context';
import { errorBody, HttpError, notFound } from '../errors';
import { requireUser } from '../middleware';
import { parseParam, readJson } from '../validate';

export interface CallRouteHooks {
  /** The call link or consent changed: the loaded room re-reads and tells everyone. */
  callChanged(sessionId: string): void;
}

/** The chunk upload route, which app.ts exempts from the JSON body limit. */
export const CHUNK_UPLOAD_PATH = /^\/api\/sessions\/[^/]+\/recordings\/[^/]+\/chunks\/[^/]+$/;

const sessionId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const trackId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const chunkN = z.coerce.number().int().min(0).max(100_000);
/** Opus in WebM (Chromium, Firefox) or Ogg (Firefox). */
const AUDIO_TYPE = /^audio\/(webm|ogg)\s*(;\s*codecs\s*=\s*"?opus"?\s*)?$/i;
/** A client's own estimate of the start (server clock) is trusted this far back from the first chunk. */
const START_SLACK_MS = 2 * 60_000;

export function recordingRoutes(deps: AppDeps, hooks: CallRouteHooks) {
  const { db } = deps;
  const app = new Hono<AppEnv>();

  const load = async (c: Context<AppEnv>): Promise<{ id: string; role: Role; userId: string }> => {
    const user = requireUser(c);
    const id = parseParam(sessionId, c.req.param('id'), 'id');
    const row = await getSession(db, id);
    const role = row ? await roleOf(db, id, user.id) : undefined;
    if (!row || !role) throw notFound('That session');
    return { id, role, userId: user.id };
  };
  const seated = (role: Role, what: string) => {
    if (role === 'observer') throw new HttpError(403, 'wrong_role', `Observers listen only: ${what} is for the candidate and the interviewer.`);
  };

  app.put('/sessions/:id/call-link', async (c) => {
    const s = await load(c);
    seated(s.role, 'setting the call link');
    const body = await readJson(c, callLinkBody);
    await setCallLink(db, s.id, body.link || null);
    hooks.callChanged(s.id);
    return c.json((await callSettings(db, s.id))!);
  });

  app.get('/sessions/:id/call', async (c) => {
    const s = await load(c);
    return c.json((await callSettings(db, s.id))!);
  });

  app.post('/sessions/:id/consent', async (c) => {
    const s = await load(c);
    seated(s.role, 'consent to recording');
    const body = await readJson(c, consentBody);
    // Withdrawing is always allowed; starting to record an interview that is over is not.
    if (body.record && (await getSession(db, s.id))?.status === 'ended') {
      throw new HttpError(409, 'session_ended', 'This session has ended, so there is nothing left to record.');
    }
    await setConsent(db, s.id, s.userId, body.record);
    hooks.callChanged(s.id);
    return c.json((await callSettings(db, s.id))!);
  });

  const limitChunk = bodyLimit({
    maxSize: MAX_CHUNK_BYTES,
    onError: (c) => c.json(errorBody('payload_too_large', `A recording chunk is at most ${MAX_CHUNK_BYTES / 1024 / 1024} MiB.`), 413),
  });

  app.put('/sessions/:id/recordings/:trackId/chunks/:n', limitChunk, async (c) => {
    const s = await load(c);
    seated(s.role, 'recording');
    const tid = parseParam(trackId, c.req.param('trackId'), 'trackId');
    const n = parseParam(chunkN, c.req.param('n'), 'n');
    const type = c.req.header('content-type') ?? '';
    const m = AUDIO_TYPE.exec(type.trim());
    if (!m) throw new HttpError(415, 'unsupported_media_type', 'Upload recording chunks as audio/webm or audio/ogg (Opus).');
    const mime = `audio/${m[1]!.toLowerCase()}${m[2] ? ';codecs=opus' : ''}`;
    const data = Buffer.from(await c.req.arrayBuffer());
    if (data.length === 0) throw new HttpError(400, 'bad_request', 'The chunk is empty.');
    const settings = (await callSettings(db, s.id))!;
    if (!settings.recording.active) {
      throw new HttpError(409, 'no_consent', 'Recording needs the consent of both the candidate and the interviewer for this session.');
    }
    const now = deps.now();
    let track = await getTrack(db, tid);
    if (track && track.session_id !== s.id) throw notFound('That recording track');
    if (track && track.user_id !== s.userId) throw new HttpError(403, 'forbidden', 'That recording track belongs to someone else.');
    if (track && track.mime.split(';')[0] !== mime.split(';')[0]) {
      throw new HttpError(415, 'unsupported_media_type', `This track is ${track.mime}; every chunk of a track has the same type.`);
    }

    const existing = track ? await chunkOf(db, tid, n) : undefined;
    if (existing) {
      // A retry after a network drop: the same bytes again are fine, different bytes are not.
      if (existing.equals(data)) return c.json({ trackId: tid, n, bytes: data.length, duplicate: true });
      throw new HttpError(409, 'conflict', `Chunk ${n} of this track was stored already with different content.`);
    }

    const claimed = Number(c.req.query('startedAt'));
    const startedAt = n === 0 && Number.isFinite(claimed) && claimed <= now && claimed >= now - START_SLACK_MS ? Math.round(claimed) : null;
    if (!track) {
      const mine = await tracksOfUser(db, s.id, s.userId);
      if (mine.n >= MAX_TRACKS_PER_USER) {
        throw new HttpError(409, 'budget_exceeded', `You have started ${MAX_TRACKS_PER_USER} recordings in this session already; delete the recordings to start over.`);
      }
      try {
        await createTrack(db, { id: tid, sessionId: s.id, userId: s.userId, mime, startedAt: startedAt ?? now, now });
      } catch (err) {
        // Two first chunks of one track at once: the other created it.
        if (!String(err).includes('UNIQUE')) throw err;
      }
      track = (await getTrack(db, tid))!;
      if (track.user_id !== s.userId || track.session_id !== s.id) throw notFound('That recording track');
    } else if (startedAt !== null) {
      await setTrackStart(db, tid, startedAt);
      track.started_at = startedAt;
    }
    if (now - track.started_at > MAX_TRACK_MINUTES * 60_000) {
      throw new HttpError(409, 'budget_exceeded', `A recording is at most ${MAX_TRACK_MINUTES} minutes long.`);
    }
    if (track.bytes + data.length > MAX_TRACK_BYTES) {
      throw new HttpError(409, 'budget_exceeded', `This recording passed its ${Math.round(MAX_TRACK_BYTES / 1024 / 1024)} MB budget (${MAX_TRACK_MINUTES} minutes of speech).`);
    }
    try {
      await insertChunk(db, tid, n, data, now);
    } catch (err) {
      if (!String(err).includes('UNIQUE')) throw err;
      // The same chunk twice at once: answer as for a retry.
      const stored = await chunkOf(db, tid, n);
      if (stored?.equals(data)) return c.json({ trackId: tid, n, bytes: data.length, duplicate: true });
      throw new HttpError(409, 'conflict', `Chunk ${n} of this track was stored already with different content.`);
    }
    return c.json({ trackId: tid, n, bytes: data.length, duplicate: false }, 201);
  });

  app.get('/sessions/:id/recordings', async (c) => {
    const s = await load(c);
    return c.json(await listTracks(db, s.id));
  });

  app.get('/sessions/:id/recordings/:trackId', async (c) => {
    const s = await load(c);
    const tid = parseParam(trackId, c.req.param('trackId'), 'trackId');
    const track = await getTrack(db, tid);
    if (!track || track.session_id !== s.id) throw notFound('That recording');
    const sizes = await chunkSizes(db, tid);
    const total = sizes.reduce((a, x) => a + x.bytes, 0);
    const headers: Record<string, string> = { 'Content-Type': track.mime, 'Accept-Ranges': 'bytes' };
    const range = parseRange(c.req.header('range'), total);
    if (range === 'unsatisfiable') {
      return c.json(errorBody('bad_request', `The range is outside the recording (${total} bytes).`), 416, { 'Content-Range': `bytes */${total}` });
    }
    const [from, to] = range ?? [0, total - 1];
    // Read only the chunks the range touches.
    let offset = 0;
    let firstN = -1;
    let lastN = -1;
    let firstOffset = 0;
    for (const ch of sizes) {
      const end = offset + ch.bytes - 1;
      if (end >= from && offset <= to) {
        if (firstN < 0) {
          firstN = ch.n;
          firstOffset = offset;
        }
        lastN = ch.n;
      }
      offset += ch.bytes;
    }
    const body = total === 0 ? Buffer.alloc(0) : Buffer.concat(await chunkData(db, tid, firstN, lastN)).subarray(from - firstOffset, to - firstOffset + 1);
    if (range) {
      headers['Content-Range'] = `bytes ${from}-${to}/${total}`;
      return c.body(new Uint8Array(body), 206, headers);
    }
    return c.body(new Uint8Array(body), 200, headers);
  });

  app.delete('/sessions/:id/recordings', async (c) => {
    const s = await load(c);
    seated(s.role, 'deleting recordings');
    const deleted = await deleteTracks(db, s.id);
    return c.json({ ok: true as const, deleted });
  });

  return app;
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` (one range); null for none or one we ignore (multi-range). */
function parseRange(header: string | undefined, total: number): [number, number] | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let from: number;
  let to: number;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) return 'unsatisfiable';
    from = Math.max(0, total - n);
    to = total - 1;
  } else {
    from = Number(m[1]);
    to = m[2] === '' ? total - 1 : Math.min(Number(m[2]), total - 1);
  }
  if (from >= total || from > to) return 'unsatisfiable';
  return [from, to];
}
