import { Hono } from 'hono';
import { z } from 'zod';
import { DIFFICULTIES } from '../../../shared/problem';
import type { ProblemCatalog } from '../../problems/catalog';
import { isLiveCandidateOf, practisedSlugs } from '../../store/sessions';
import type { AppDeps, AppEnv } from '../context';
import { forbidden, notFound } from '../errors';
import { requireUser } from '../middleware';
import { parseParam } from '../validate';

const listQuery = z.object({
  tag: z.string().max(64).optional(),
  difficulty: z.enum(DIFFICULTIES).optional(),
  q: z.string().max(100).optional(),
});

export function problemRoutes(deps: AppDeps, catalog: ProblemCatalog) {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const user = requireUser(c);
    const query = parseParam(listQuery, c.req.query(), 'query');
    const q = query.q?.trim().toLowerCase();
    const practised = await practisedSlugs(deps.db, user.id);
    const list = catalog
      .all()
      .filter((p) => !query.tag || p.tags.includes(query.tag))
      .filter((p) => !query.difficulty || p.difficulty === query.difficulty)
      .filter((p) => !q || `${p.title} ${p.summary} ${p.tags.join(' ')}`.toLowerCase().includes(q))
      .map((p) => ({ ...p, practised: practised.get(p.slug) ?? null }));
    return c.json(list);
  });

  app.get('/:slug', (c) => {
    requireUser(c);
    const entry = catalog.get(c.req.param('slug'));
    if (!entry) throw notFound('That problem');
    return c.json(entry.view);
  });

  app.get('/:slug/guide', async (c) => {
    const user = requireUser(c);
    const entry = catalog.get(c.req.param('slug'));
    if (!entry) throw notFound('That problem');
    if (await isLiveCandidateOf(deps.db, user.id, entry.summary.slug)) {
      throw forbidden('You are the candidate in a session on this problem that has not ended: the guide opens after it ends.');
    }
    return c.json(entry.guide);
  });

  return app;
}
