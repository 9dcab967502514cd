/** The Hono app: one sub-app per resource, errors mapped once, security headers on every response. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { ProblemCatalog } from '../problems/catalog';
import type { AppDeps, AppEnv } from './context';
import { errorBody, makeErrorHandler, notFound } from './errors';
import { loadUser, sameOriginWrites } from './middleware';
import { adminRoutes, type AdminHooks } from './routes/admin';
import { authRoutes } from './routes/auth';
import { calendarRoutes } from './routes/calendar';
import { meRoutes } from './routes/me';
import { groupRoutes } from './routes/groups';
import { problemRoutes } from './routes/problems';
import { practiceRoutes } from './routes/practice';
import { CHUNK_UPLOAD_PATH, recordingRoutes, type CallRouteHooks } from './routes/recordings';
import { scorecardRoutes } from './routes/scorecards';
import { sessionRoutes, type SessionRouteHooks } from './routes/sessions';
import { StaticSite } from './static';

export const MAX_BODY_BYTES = 64 * 1024;

export interface AppParts {
  catalog: ProblemCatalog;
  site: StaticSite;
  sessionHooks: SessionRouteHooks;
  adminHooks: AdminHooks;
  callHooks: CallRouteHooks;
}

export function createApp(deps: AppDeps, parts: AppParts) {
  const app = new Hono<AppEnv>();
  app.onError(makeErrorHandler(deps.log));

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: deps.config.secureCookies ? 'max-age=31536000; includeSubDomains' : false,
    }),
  );

  const api = new Hono<AppEnv>();
  api.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  api.use('*', sameOriginWrites(deps));
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => c.json(errorBody('payload_too_large', `The request body is over ${MAX_BODY_BYTES / 1024} KiB.`), 413),
  });
  // Only requests that carry a body: on a GET the limiter would make the Node adapter build a full
  // Request object (about a tenth of the CPU of a signed-in GET, measured in bench/). Recording chunks
  // are raw audio up to 1 MiB: their route applies its own limit (routes/recordings.ts).
  api.use('*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' || (c.req.method === 'PUT' && CHUNK_UPLOAD_PATH.test(c.req.path)) ? next() : limitBody(c, next),
  );
  api.use('*', loadUser(deps));
  api.get('/health', (c) => c.json({ ok: true as const, version: deps.version }));
  api.route('/auth', authRoutes(deps));
  api.route('/', calendarRoutes(deps, parts.sessionHooks));
  api.route('/me', meRoutes(deps));
  api.route('/problems', problemRoutes(deps, parts.catalog));
  api.route('/', sessionRoutes(deps, parts.catalog, parts.sessionHooks));
  api.route('/', scorecardRoutes(deps, parts.catalog, parts.sessionHooks));
  api.route('/', practiceRoutes(deps, parts.catalog, parts.sessionHooks));
  api.route('/', recordingRoutes(deps, parts.callHooks));
  api.route('/groups', groupRoutes(deps, parts.catalog, parts.sessionHooks));
  api.route('/admin', adminRoutes(deps, parts.adminHooks));
  api.all('*', () => {
    throw notFound('That API route');
  });
  app.route('/api', api);

  app.get('*', (c) => parts.site.respond(c));
  app.all('*', (c) => c.json(errorBody('not_found', 'Not found.'), 404));
  return app;
}
