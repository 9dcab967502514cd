import { Hono } from 'hono';
import type { SessionStatus } from '../../../shared/api';
import type { ProblemCatalog } from '../../problems/catalog';
import { buildProgress } from '../../progress';
import { currentStatus } from '../../sessions/service';
import { mayScore, othersVisible, scorecardBody, type ScorecardsResponse } from '../../../shared/scorecard';
import type { FoldableEvent } from '../../../shared/session-state';
import { cardsAboutUser, saveScorecard, scorecardsOfSession } from '../../store/scorecards';
import { getSession, listParticipants, roleOf, sessionsOfUser } from '../../store/sessions';
import type { AppDeps, AppEnv } from '../context';
import { forbidden, HttpError, notFound } from '../errors';
import { requireUser } from '../middleware';
import { idParam, parseParam, readJson } from '../validate';
import type { SessionRouteHooks } from './sessions';


export function scorecardRoutes(deps: AppDeps, catalog: ProblemCatalog, hooks: SessionRouteHooks) {
  const { db } = deps;
  const app = new Hono<AppEnv>();

  const load = async (userId: string, raw: string) => {
    const id = parseParam(idParam, raw, 'id');
    const row = await getSession(db, id);
    const role = row ? await roleOf(db, id, userId) : undefined;
    if (!row || !role) throw notFound('That session');
    const status: SessionStatus = currentStatus(hooks.liveStatus, row);
    return { row, role, status };
  };

  app.put('/sessions/:id/scorecard', async (c) => {
    const user = requireUser(c);
    const { row, role } = await load(user.id, c.req.param('id'));
    if (!mayScore(role)) throw forbidden('Observers do not score. The interviewer scores the candidate; the candidate scores themself.');
    const input = await readJson(c, scorecardBody);
    const candidate = (await listParticipants(db, row.id)).find((p) => p.role === 'candidate');
    if (!candidate) throw new HttpError(409, 'conflict', 'This session has no candidate yet: wait until your peer joins.');
    const saved = await saveScorecard(db, { sessionId: row.id, scorerId: user.id, subjectId: candidate.userId, input, now: deps.now() });
    if (saved === 'final') {
      throw new HttpError(409, 'card_final', 'Your scorecard is final: it was submitted or skipped, and cannot change.');
    }
    const mine = (await scorecardsOfSession(db, row.id)).find((s) => s.scorerId === user.id)!;
    return c.json(mine);
  });

  app.get('/sessions/:id/scorecards', async (c) => {
    const user = requireUser(c);
    const { row, role, status } = await load(user.id, c.req.param('id'));
    const cards = await scorecardsOfSession(db, row.id);
    const participants = await listParticipants(db, row.id);
    const mine = cards.find((s) => s.scorerId === user.id);
    // Observers have no card to submit; they see the cards once the session has ended.
    const hidden = role === 'observer' ? (status === 'ended' ? null : 'session_running') : othersVisible(status, mine?.status ?? 'none');
    const body: ScorecardsResponse = {
      scorecards: cards.filter((s) => s.scorerId === user.id || (hidden === null && s.status !== 'draft')),
      hidden,
      scorers: participants
        .filter((p) => p.role !== 'observer')
        .map((p) => {
          const card = cards.find((s) => s.scorerId === p.userId);
          return { userId: p.userId, role: p.role, status: card?.status ?? 'none' };
        }),
    };
    return c.json(body);
  });

  app.get('/me/progress', async (c) => {
    const user = requireUser(c);
    const cards = await cardsAboutUser(db, user.id);
    const sessions = await sessionsOfUser(db, user.id);
    const phaseEvents = new Map<string, FoldableEvent[]>();
    const ended = sessions.filter((s) => s.status === 'ended' && s.role === 'candidate').map((s) => s.id);
    if (ended.length) {
      const rows = await db
        .selectFrom('events')
        .select(['session_id', 'seq', 'ts', 'author', 'kind', 'data'])
        .where('session_id', 'in', ended)
        .where('kind', 'in', ['phase', 'estimate'])
        .orderBy('session_id')
        .orderBy('seq')
        .execute();
      for (const r of rows) {
        const list = phaseEvents.get(r.session_id) ?? [];
        list.push({ seq: r.seq, ts: r.ts, author: r.author, kind: r.kind, data: JSON.parse(r.data) });
        phaseEvents.set(r.session_id, list);
      }
    }
    const problems = catalog.all().map((p) => ({ slug: p.slug, title: p.title, difficulty: p.difficulty, estimationResults: catalog.get(p.slug)?.guide.estimation.results.length ?? 0 }));
    return c.json(
      buildProgress(user.id, cards, sessions.map((s) => ({ ...s, status: currentStatus(hooks.liveStatus, s) })), phaseEvents, problems, (slug) => catalog.get(slug)?.guide.estimation),
    );
  });

  return app;
}
