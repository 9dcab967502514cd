import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { userForToken } from '../store/auth-sessions';
import type { AppDeps, AppEnv, AuthUser } from './context';
import { HttpError, unauthorized } from './errors';
import { fetchSiteAllowed, originAllowed } from '../auth/origin';
import { cookieName } from './routes/auth';

/** Loads the signed-in user (if any) from the session cookie. */
export function loadUser(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, cookieName(deps)) ?? null;
    let user: AuthUser | null = null;
    if (token) {
      const row = await userForToken(deps.db, token, deps.now());
      if (row) user = { id: row.id, username: row.username, displayName: row.display_name, isAdmin: row.is_admin === 1 };
    }
    c.set('user', user);
    c.set('token', user ? token : null);
    await next();
  };
}

export function requireUser(c: Context<AppEnv>): AuthUser {
  const user = c.get('user');
  if (!user) throw unauthorized();
  return user;
}

/**
 * CSRF defence: every state-changing request must come from our own origin, whatever its content
 * type (forms and text/plain bodies included). SameSite=Lax cookies are the second layer.
 */
export function sameOriginWrites(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
      const ok =
        originAllowed(c.req.header('origin'), c.req.header('host'), deps.config.publicOrigin) &&
        fetchSiteAllowed(c.req.header('sec-fetch-site'));
      if (!ok) throw new HttpError(403, 'cross_origin', 'Cross-origin requests may not change anything here.');
    }
    await next();
  };
}
