import { Hono } from 'hono';
import { z } from 'zod';
import {
  createGroupBody,
  joinGroupBody,
  postSlotBody,
  renameGroupBody,
  takeSlotBody,
  type GroupActivity,
  type GroupBoard,
  type GroupCoverage,
  type GroupInfo,
  type GroupPreview,
  type GroupRole,
  type GroupSlot,
  type GroupSummary,
  type PairedResult,
  type ProblemPick,
  type Role,
  type Seat,
} from '../../../shared/api';
import { joinBoardSession, otherSeat, takeSlot } from '../../groups/service';
import { byTime, mayKnowProblem, slotTime } from '../../groups/schedule';
import { bumpSlot, dropExpiredSlots, insertSlotWithTime, slotsOfSessions } from '../../store/schedule';
import { currentStatus, hasStarted } from '../../sessions/service';
import { newCode, newId } from '../../ids';
import type { CatalogEntry, ProblemCatalog } from '../../problems/catalog';
import {
  addMember,
  countOpenSlots,
  createGroup,
  deleteSlot,
  findGroupByCode,
  getGroup,
  getSlot,
  groupsOfUser,
  listMembers,
  MAX_OPEN_SLOTS_PER_MEMBER,
  memberCounts,
  memberRole,
  openSlots,
  recentMemberSessions,
  removeMember,
  renameGroup,
  seenByMembers,
  setInviteCode,
  takenSlotsOf,
  waitingSessions,
} from '../../store/groups';
import type { GroupRow, SlotRow } from '../../store/schema';
import type { AppDeps, AppEnv } from '../context';
import { forbidden, HttpError, notFound } from '../errors';
import { requireUser } from '../middleware';
import { idParam, parseParam, readJson } from '../validate';
import type { SessionRouteHooks } from './sessions';

const previewQuery = z.object({ code: z.string().trim().min(1).max(64) });
/** Waiting sessions older than this drop off the board: most were abandoned. */
const WAITING_WINDOW_MS = 3 * 24 * 3600 * 1000;
/** How long a taken slot keeps sending its poster to the room. */
const TAKEN_WINDOW_MS = 30 * 60 * 1000;
const SUGGESTIONS = 5;

type Seen = Map<string, Map<string, Role[]>>;

const pick = (e: { slug: string; title: string; difficulty: string }): ProblemPick => ({ slug: e.slug, title: e.title, difficulty: e.difficulty });

export function groupRoutes(deps: AppDeps, catalog: ProblemCatalog, hooks: SessionRouteHooks) {
  const { db } = deps;
  const app = new Hono<AppEnv>();

  /** The group and the caller's role in it; outsiders get 404, the same as for a group that does not exist. */
  const load = async (userId: string, rawId: string): Promise<{ group: GroupRow; role: GroupRole }> => {
    const id = parseParam(idParam, rawId, 'id');
    const group = await getGroup(db, id);
    const role = group ? await memberRole(db, id, userId) : undefined;
    if (!group || !role) throw notFound('That group');
    return { group, role };
  };

  const requireOwner = (role: GroupRole) => {
    if (role !== 'owner') throw forbidden("Only the group's owner can do that.");
  };

  const info = async (group: GroupRow, role: GroupRole): Promise<GroupInfo> => {
    const members = await listMembers(db, group.id);
    return { id: group.id, name: group.name, role, memberCount: members.length, createdAt: group.created_at, inviteCode: group.invite_code, members };
  };

  /** Problems the candidate has not met in any role, easiest first. */
  const unseenBy = (seen: Seen, candidateId: string): ProblemPick[] => {
    const mine = seen.get(candidateId);
    return catalog
      .all()
      .filter((p) => !mine?.has(p.slug))
      .map(pick);
  };

  const problemOrThrow = (slug: string): CatalogEntry => {
    const entry = catalog.get(slug);
    if (!entry) throw new HttpError(404, 'not_found', `There is no problem "${slug}".`, 'problemSlug');
    return entry;
  };

  const slotView = (s: SlotRow & { poster_name: string }, viewerId: string, seen: Seen): GroupSlot => {
    const role = s.role;
    // The would-be candidate: the poster when they asked to be interviewed, otherwise whoever takes
    // it (unknown while the poster looks at their own slot).
    const candidateId = role === 'candidate' ? s.posted_by : s.posted_by === viewerId ? null : viewerId;
    return {
      id: s.id,
      postedBy: { userId: s.posted_by, displayName: s.poster_name },
      role,
      problemSlug: s.problem_slug,
      problemTitle: s.problem_slug ? (catalog.get(s.problem_slug)?.summary.title ?? s.problem_slug) : null,
      note: s.note,
      createdAt: s.created_at,
      mine: s.posted_by === viewerId,
      candidateSeen: s.problem_slug && candidateId ? (seen.get(candidateId)?.get(s.problem_slug) ?? null) : null,
      suggestions: s.problem_slug || !candidateId ? [] : unseenBy(seen, candidateId).slice(0, SUGGESTIONS),
      startsAt: s.starts_at,
      durationMinutes: s.duration_minutes,
      timeZone: s.time_zone,
    };
  };

  // -------------------------------------------------------------------------------------------
  // Groups and members

  app.get('/', async (c) => {
    const user = requireUser(c);
    const rows = await groupsOfUser(db, user.id);
    return c.json(
      rows.map((r): GroupSummary => ({ id: r.id, name: r.name, role: r.role, memberCount: Number(r.member_count), createdAt: r.created_at })),
    );
  });

  app.post('/', async (c) => {
    const user = requireUser(c);
    const body = await readJson(c, createGroupBody);
    const id = newId();
    await createGroup(db, { id, name: body.name, inviteCode: newCode(), ownerId: user.id, now: deps.now() });
    deps.log.info({ group: id, user: user.id }, 'group created');
    return c.json(await info((await getGroup(db, id))!, 'owner'), 201);
  });

  /** What an invite link joins, for the page that asks before joining (nothing is joined here). */
  app.get('/preview', async (c) => {
    const user = requireUser(c);
    const { code } = parseParam(previewQuery, c.req.query(), 'code');
    const group = await findGroupByCode(db, code.replace(/[\s-]/g, '').toUpperCase());
    if (!group) throw new HttpError(404, 'not_found', 'No group matches that invite code. The owner may have replaced it: ask for a new link.', 'code');
    const members = await listMembers(db, group.id);
    const preview: GroupPreview = {
      id: group.id,
      name: group.name,
      memberCount: members.length,
      owner: members.find((m) => m.role === 'owner')?.displayName ?? '',
      member: members.some((m) => m.userId === user.id),
    };
    return c.json(preview);
  });

  app.post('/join', async (c) => {
    const user = requireUser(c);
    const body = await readJson(c, joinGroupBody);
    const group = await findGroupByCode(db, body.code.replace(/[\s-]/g, '').toUpperCase());
    if (!group) {
      throw new HttpError(404, 'not_found', 'No group matches that invite code. The owner may have replaced it: ask for a new link.', 'code');
    }
    await addMember(db, group.id, user.id, deps.now());
    return c.json(await info(group, (await memberRole(db, group.id, user.id))!));
  });

  app.get('/:id', async (c) => {
    const user = requireUser(c);
    const { group, role } = await load(user.id, c.req.param('id'));
    return c.json(await info(group, role));
  });

  app.patch('/:id', async (c) => {
    const user = requireUser(c);
    const { group, role } = await load(user.id, c.req.param('id'));
    requireOwner(role);
    const body = await readJson(c, renameGroupBody);
    await renameGroup(db, group.id, body.name);
    return c.json(await info({ ...group, name: body.name }, role));
  });

  app.post('/:id/code', async (c) => {
    const user = requireUser(c);
    const { group, role } = await load(user.id, c.req.param('id'));
    requireOwner(role);
    const code = newCode();
    await setInviteCode(db, group.id, code);
    return c.json(await info({ ...group, invite_code: code }, role));
  });

  app.post('/:id/leave', async (c) => {
    const user = requireUser(c);
    const { group } = await load(user.id, c.req.param('id'));
    const { groupDeleted } = await removeMember(db, group.id, user.id);
    return c.json({ ok: true as const, groupDeleted });
  });

  app.delete('/:id/members/:userId', async (c) => {
    const user = requireUser(c);
    const { group, role } = await load(user.id, c.req.param('id'));
    requireOwner(role);
    const target = parseParam(idParam, c.req.param('userId'), 'userId');
    if (target === user.id) throw new HttpError(400, 'bad_request', 'You cannot remove yourself: leave the group instead.', 'userId');
    const { removed } = await removeMember(db, group.id, target);
    if (!removed) throw notFound('That member');
    return c.json(await info(group, role));
  });

  // -------------------------------------------------------------------------------------------
  // The board: slots to pair on, and members' sessions waiting for a peer

  app.get('/:id/board', async (c) => {
    const user = requireUser(c);
    const { group } = await load(user.id, c.req.param('id'));
    const now = deps.now();
    await dropExpiredSlots(db, group.id, now);
    const [slots, waiting, taken, seen] = await Promise.all([
      openSlots(db, group.id),
      waitingSessions(db, group.id, now - WAITING_WINDOW_MS),
      takenSlotsOf(db, group.id, user.id, now - TAKEN_WINDOW_MS),
      seenByMembers(db, group.id),
    ]);
    const board: GroupBoard = {
      slots: slots.sort(byTime).map((s) => slotView(s, user.id, seen)),
      waiting: waiting
        // A room that is loaded knows its status before the table does.
        .filter((w) => currentStatus(hooks.liveStatus, { id: w.id, status: 'waiting' }) === 'waiting')
        .map((w) => {
          const openRole = otherSeat(w.host_role as Seat);
          return {
            id: w.id,
            problemSlug: w.problem_slug,
            problemTitle: w.problem_title,
            host: { userId: w.created_by, displayName: w.host_name, role: w.host_role as Seat },
            openRole,
            createdAt: w.created_at,
            mine: w.created_by === user.id,
            candidateSeen: openRole === 'candidate' ? (seen.get(user.id)?.get(w.problem_slug) ?? null) : null,
          };
        }),
      taken: taken.map((t) => ({ slotId: t.id, sessionId: t.session_id!, takenBy: t.taker_name, problemTitle: t.problem_title, takenAt: t.taken_at! })),
    };
    return c.json(board);
  });

  app.post('/:id/slots', async (c) => {
    const user = requireUser(c);
    const { group } = await load(user.id, c.req.param('id'));
    const body = await readJson(c, postSlotBody);
    if (body.problemSlug) problemOrThrow(body.problemSlug);
    const when = slotTime(body, deps.now());
    await dropExpiredSlots(db, group.id, deps.now());
    if ((await countOpenSlots(db, group.id, user.id)) >= MAX_OPEN_SLOTS_PER_MEMBER) {
      throw new HttpError(409, 'conflict', `You already have ${MAX_OPEN_SLOTS_PER_MEMBER} open slots in this group: withdraw one first.`);
    }
    const id = newId();
    await insertSlotWithTime(db, { id, groupId: group.id, postedBy: user.id, role: body.role, problemSlug: body.problemSlug, note: body.note || null, ...when, now: deps.now() });
    const slot = (await getSlot(db, group.id, id))!;
    return c.json(slotView({ ...slot, poster_name: user.displayName }, user.id, await seenByMembers(db, group.id)), 201);
  });

  app.delete('/:id/slots/:slotId', async (c) => {
    const user = requireUser(c);
    const { group, role } = await load(user.id, c.req.param('id'));
    const slot = await getSlot(db, group.id, parseParam(idParam, c.req.param('slotId'), 'slotId'));
    if (!slot) throw notFound('That slot');
    if (slot.posted_by !== user.id && role !== 'owner') throw forbidden('Only whoever posted a slot (or the owner) can withdraw it.');
    if (!(await deleteSlot(db, slot.id))) throw new HttpError(409, 'conflict', 'That slot was already taken.');
    return c.json({ ok: true as const });
  });

  /** One click: creates the paired session. The poster gets the seat they asked for, the taker the other. */
  app.post('/:id/slots/:slotId/take', async (c) => {
    const user = requireUser(c);
    const { group } = await load(user.id, c.req.param('id'));
    const slotId = parseParam(idParam, c.req.param('slotId'), 'slotId');
    const body = await readJson(c, takeSlotBody);
    const slot = await getSlot(db, group.id, slotId);
    if (!slot || !(await memberRole(db, group.id, slot.posted_by))) throw notFound('That slot');
    if (slot.status !== 'open') throw new HttpError(409, 'conflict', 'Someone took this slot a moment ago.');
    if (slot.posted_by === user.id) throw new HttpError(409, 'conflict', 'This is your own slot: wait for someone to take it, or withdraw it.');

    const posterRole = slot.role;
    const takerRole = otherSeat(posterRole);
    let slug = slot.problem_slug;
    if (slug) {
      if (body.problemSlug && body.problemSlug !== slug) {
        throw new HttpError(400, 'bad_request', `This slot is for "${catalog.get(slug)?.summary.title ?? slug}"; take it as it is.`, 'problemSlug');
      }
    } else {
      const candidateId = posterRole === 'candidate' ? slot.posted_by : user.id;
      slug = body.problemSlug ?? unseenBy(await seenByMembers(db, group.id), candidateId)[0]?.slug ?? null;
      if (!slug) throw new HttpError(400, 'bad_request', 'The candidate has met every problem in the library already: choose one.', 'problemSlug');
    }
    const problem = problemOrThrow(slug);

    const sessionId = newId();
    await takeSlot(db, { slot, takerId: user.id, problem, sessionId, now: deps.now() });
    // A timed slot is now a scheduled session: calendars holding it as an open slot update.
    if (slot.starts_at !== null) await bumpSlot(db, slot.id, deps.now());
    deps.log.info({ group: group.id, slot: slot.id, session: sessionId }, 'slot taken');
    const out: PairedResult = { sessionId, role: takerRole, problemSlug: problem.summary.slug, problemTitle: problem.summary.title };
    return c.json(out, 201);
  });

  /** Takes the open seat of a member's session that waits for a peer (no invite code needed inside the group). */
  app.post('/:id/sessions/:sessionId/join', async (c) => {
    const user = requireUser(c);
    const { group } = await load(user.id, c.req.param('id'));
    const sessionId = parseParam(idParam, c.req.param('sessionId'), 'sessionId');
    const now = deps.now();
    const { row, role } = await joinBoardSession(db, { groupId: group.id, sessionId, userId: user.id, since: now - WAITING_WINDOW_MS, now, liveStatus: hooks.liveStatus });
    hooks.participantsChanged(sessionId);
    const out: PairedResult = { sessionId, role, problemSlug: row.problem_slug, problemTitle: catalog.get(row.problem_slug)?.summary.title ?? row.problem_slug };
    return c.json(out);
  });

  // -------------------------------------------------------------------------------------------
  // Spoiler tracking and activity

  app.get('/:id/coverage', async (c) => {
    const user = requireUser(c);
    const { group } = await load(user.id, c.req.param('id'));
    const [members, seen] = await Promise.all([listMembers(db, group.id), seenByMembers(db, group.id)]);
    const coverage: GroupCoverage = {
      problems: catalog.all().map(pick),
      members: members.map((m) => ({ userId: m.userId, displayName: m.displayName })),
      seen: Object.fromEntries(members.map((m) => [m.userId, Object.fromEntries(seen.get(m.userId) ?? [])])),
    };
    return c.json(coverage);
  });

  app.get('/:id/activity', async (c) => {
    const user = requireUser(c);
    const { group } = await load(user.id, c.req.param('id'));
    const [members, recent] = await Promise.all([memberCounts(db, group.id), recentMemberSessions(db, group.id)]);
    const slots = await slotsOfSessions(db, recent.map((s) => s.id));
    const activity: GroupActivity = {
      members,
      recent: recent.map((s) => {
        const known = mayKnowProblem(slots.get(s.id), user.id, hasStarted(hooks.liveStatus, s));
        return {
          id: s.id,
          problemSlug: known ? s.problem_slug : null,
          problemTitle: known ? s.problem_title : null,
          mode: s.mode,
          status: currentStatus(hooks.liveStatus, s),
          createdAt: s.created_at,
          participants: s.participants,
        };
      }),
    };
    return c.json(activity);
  });

  return app;
}
