import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { LAST_SEEN_RESOLUTION_MS, touchAuthSession, userForToken } from '../store/auth-sessions';
import type { AppDeps, AppEnv, AuthUser } from './context';
import { HttpError, unauthorized } from './errors';
import { fetchSiteAllowed, originAllowed } from '../auth/origin';
import { cookieName } from './routes/auth';

/** Loads the signed-in user (if any) from the session cookie. */
export function loadUser(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, cookieName(deps)) ?? null;
    let user: AuthUser | null = null;
    let signInId: string | null = null;
    if (token) {
      const now = deps.now();
      const row = await userForToken(deps.db, token, now);
      if (row) {
        user = { id: row.id, username: row.username, displayName: row.display_name, isAdmin: row.is_admin === 1 };
        signInId = row.sign_in_id;
        // For the list of sign-ins; written every few minutes at most, not on every request.
        if ((row.last_seen_at ?? 0) < now - LAST_SEEN_RESOLUTION_MS) await touchAuthSession(deps.db, signInId, now);
      }
    }
    c.set('user', user);
    c.set('token', user ? token : null);
    c.set('signInId', signInId);
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
