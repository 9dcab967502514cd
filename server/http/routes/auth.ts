import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { loginBody, registerBody, type Me } from '../../../shared/api';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from '../../auth/password';
import { FailureThrottle } from '../../auth/throttle';
import { newId } from '../../ids';
import { createAuthSession, deleteAuthSession } from '../../store/auth-sessions';
import { countUsers, createUser, findUserByUsername } from '../../store/users';
import type { AppDeps, AppEnv, AuthUser } from '../context';
import { HttpError, unauthorized } from '../errors';
import { readJson } from '../validate';

export function cookieName(deps: AppDeps): string {
  return deps.config.secureCookies ? '__Host-mr_session' : 'mr_session';
}

export function toMe(u: AuthUser): Me {
  return { id: u.id, username: u.username, displayName: u.displayName, isAdmin: u.isAdmin };
}

export function authRoutes(deps: AppDeps) {
  const { db, config } = deps;
  const app = new Hono<AppEnv>();
  const byIp = new FailureThrottle(30, 15 * 60_000);
  const byUser = new FailureThrottle(8, 15 * 60_000);

  const startSession = async (c: Context<AppEnv>, userId: string) => {
    // Rotate: a login never reuses a cookie from before it.
    const old = getCookie(c, cookieName(deps));
    if (old) await deleteAuthSession(db, old);
    const token = await createAuthSession(db, userId, deps.now());
    setCookie(c, cookieName(deps), token, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: config.secureCookies,
      path: '/',
      maxAge: 30 * 24 * 3600,
    });
  };

  app.post('/register', async (c) => {
    const body = await readJson(c, registerBody);
    const users = await countUsers(db);
    // The first account can always be created: it becomes the admin who sets the instance up.
    if (users > 0 && config.registration === 'closed') {
      throw new HttpError(403, 'registration_closed', 'Registration is closed on this instance. Ask its admin for an account.');
    }
    if (users > 0 && config.registration === 'invite' && !body.inviteCode) {
      throw new HttpError(403, 'registration_closed', 'Registration needs an invite code from the admin.', 'inviteCode');
    }
    const weak = passwordProblem(body.password, body.username);
    if (weak) throw new HttpError(400, 'weak_password', weak, 'password');
    const passwordHash = await hashPassword(body.password, config.scryptLog2N);
    const result = await createUser(
      db,
      { id: newId(), username: body.username, displayName: body.displayName ?? body.username, passwordHash, now: deps.now() },
      config.registration === 'invite' ? body.inviteCode?.toUpperCase() : undefined,
    );
    if ('error' in result) {
      if (result.error === 'username_taken') throw new HttpError(409, 'username_taken', 'That username is taken.', 'username');
      throw new HttpError(403, 'registration_closed', 'That invite code is not valid or was already used.', 'inviteCode');
    }
    await startSession(c, result.user.id);
    deps.log.info({ user: result.user.id, admin: result.user.is_admin === 1 }, 'user registered');
    const me: Me = { id: result.user.id, username: result.user.username, displayName: result.user.display_name, isAdmin: result.user.is_admin === 1 };
    return c.json(me, 201);
  });

  app.post('/login', async (c) => {
    const body = await readJson(c, loginBody);
    const now = deps.now();
    const ip = clientIp(c, config.trustProxy);
    const userKey = `u:${body.username.toLowerCase()}`;
    const wait = Math.max(byIp.retryAfter(`ip:${ip}`, now), byUser.retryAfter(userKey, now));
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new HttpError(429, 'rate_limited', `Too many failed sign-ins. Try again in ${seconds} seconds.`, undefined, {
        'Retry-After': String(seconds),
      });
    }
    // Count the attempt as a failure before the slow hash, so parallel guesses cannot all slip
    // through the check above; a success takes it back.
    byIp.fail(`ip:${ip}`, now);
    byUser.fail(userKey, now);
    const user = await findUserByUsername(db, body.username);
    const ok = user
      ? await verifyPassword(body.password, user.password_hash)
      : (await verifyPassword(body.password, await dummyPasswordHash(config.scryptLog2N)), false);
    if (!user || !ok) throw new HttpError(401, 'invalid_credentials', 'Wrong username or password.');
    byIp.forgive(`ip:${ip}`, now);
    if (user.disabled) throw new HttpError(403, 'forbidden', 'This account is disabled. Ask the admin of this instance.');
    byUser.reset(userKey);
    await startSession(c, user.id);
    return c.json({ id: user.id, username: user.username, displayName: user.display_name, isAdmin: user.is_admin === 1 } satisfies Me);
  });

  app.post('/logout', async (c) => {
    const token = getCookie(c, cookieName(deps));
    if (token) await deleteAuthSession(db, token);
    deleteCookie(c, cookieName(deps), { path: '/', secure: config.secureCookies });
    return c.json({ ok: true });
  });

  return app;
}

export function meRoute(c: { get(key: 'user'): AuthUser | null }): Me {
  const user = c.get('user');
  if (!user) throw unauthorized();
  return toMe(user);
}

/**
 * The client's address for throttling. Behind a reverse proxy (TRUST_PROXY=1) every request comes from
 * the proxy, so the last X-Forwarded-For entry — the address the proxy itself saw — is used instead;
 * earlier entries are client-supplied and never trusted.
 */
function clientIp(c: Parameters<typeof getConnInfo>[0], trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    const last = forwarded?.split(',').pop()?.trim();
    if (last) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
