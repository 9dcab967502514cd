/** Your account: display name, password, and the list of your sign-ins (each revocable). */
import { Hono } from 'hono';
import { mePatchBody, passwordChangeBody, type Me, type SignInInfo } from '../../../shared/api';
import { hashPassword, passwordProblem, verifyPassword } from '../../auth/password';
import { FailureThrottle } from '../../auth/throttle';
import { deleteSignIn, deleteUserSessions, listSignIns } from '../../store/auth-sessions';
import { findUserById, setDisplayName, setPassword } from '../../store/users';
import { addressKey, clientAddress } from '../client-address';
import type { AppDeps, AppEnv } from '../context';
import { HttpError, notFound, unauthorized } from '../errors';
import { requireUser } from '../middleware';
import { idParam, parseParam, readJson } from '../validate';
import { clearCookie, hashing, LOGIN_FAILURES_PER_USER, meRoute, toMe } from './auth';

export function meRoutes(deps: AppDeps) {
  const { db, config } = deps;
  const app = new Hono<AppEnv>();
  // Wrong current passwords count like failed sign-ins: a borrowed cookie must not become a guessing oracle.
  const wrongCurrent = new FailureThrottle(LOGIN_FAILURES_PER_USER, 15 * 60_000);

  const signInOf = (c: { get(key: 'signInId'): string | null }) => {
    const id = c.get('signInId');
    if (!id) throw unauthorized();
    return id;
  };

  app.get('/', (c) => c.json(meRoute(c)));

  app.patch('/', async (c) => {
    const user = requireUser(c);
    const body = await readJson(c, mePatchBody);
    await setDisplayName(db, user.id, body.displayName);
    const me: Me = toMe({ ...user, displayName: body.displayName });
    return c.json(me);
  });

  /** Other sign-ins end (their sockets close); the old password stops working; this sign-in stays. */
  app.post('/password', async (c) => {
    const user = requireUser(c);
    const current = signInOf(c);
    const body = await readJson(c, passwordChangeBody);
    const now = deps.now();
    const key = `${addressKey(clientAddress(c, config.trustProxy))}\u0000${user.id}`;
    const wait = wrongCurrent.retryAfter(key, now);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new HttpError(429, 'rate_limited', `Too many wrong passwords. Try again in ${seconds} seconds.`, undefined, { 'Retry-After': String(seconds) });
    }
    const weak = passwordProblem(body.newPassword, user.username);
    if (weak) throw new HttpError(400, 'weak_password', weak, 'newPassword');
    const row = await findUserById(db, user.id);
    if (!row) throw unauthorized();
    const ok = await hashing(deps, () => verifyPassword(body.currentPassword, row.password_hash));
    if (!ok) {
      wrongCurrent.fail(key, now);
      throw new HttpError(400, 'invalid_credentials', 'That is not your current password.', 'currentPassword');
    }
    wrongCurrent.reset(key);
    const passwordHash = await hashing(deps, () => hashPassword(body.newPassword, config.scryptLog2N));
    const ended = await setPassword(db, user.id, passwordHash, current);
    deps.closeSignIns(ended);
    deps.log.info({ user: user.id, endedSignIns: ended.length }, 'password changed');
    return c.json({ ok: true as const, endedSignIns: ended.length });
  });

  app.get('/sign-ins', async (c) => {
    const user = requireUser(c);
    const current = signInOf(c);
    const rows = await listSignIns(db, user.id, deps.now());
    return c.json(
      rows.map((r): SignInInfo => ({ id: r.id, createdAt: r.created_at, lastSeenAt: r.last_seen_at, userAgent: r.user_agent, current: r.id === current })),
    );
  });

  /** Sign out everywhere: every sign-in ends, this one included. */
  app.delete('/sign-ins', async (c) => {
    const user = requireUser(c);
    const ended = await deleteUserSessions(db, user.id);
    deps.closeSignIns(ended);
    clearCookie(deps, c);
    return c.json({ ok: true as const, endedSignIns: ended.length });
  });

  app.delete('/sign-ins/:id', async (c) => {
    const user = requireUser(c);
    const current = signInOf(c);
    const id = parseParam(idParam, c.req.param('id'), 'id');
    if (!(await deleteSignIn(db, user.id, id))) throw notFound('That sign-in');
    deps.closeSignIns([id]);
    if (id === current) clearCookie(deps, c);
    return c.json({ ok: true as const, current: id === current });
  });

  return app;
}
