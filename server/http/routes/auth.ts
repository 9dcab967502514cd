import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { loginBody, passwordResetBody, registerBody, type Me, type ResetInfo } from '../../../shared/api';
import { HashPoolFull, type HashLane } from '../../auth/hash-pool';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from '../../auth/password';
import { FailureThrottle } from '../../auth/throttle';
import { newId, sha256 } from '../../ids';
import { createAuthSession, deleteAuthSession } from '../../store/auth-sessions';
import { resetTarget, usePasswordReset } from '../../store/password-resets';
import { createUser, findUserByUsername, registrationRefusal, type RegistrationRefusal, type RegistrationRequest } from '../../store/users';
import { addressKey, clientAddress, isLoopback } from '../client-address';
import type { AppDeps, AppEnv, AuthUser } from '../context';
import { HttpError, unauthorized } from '../errors';
import { readJson } from '../validate';

export function cookieName(deps: AppDeps): string {
  return deps.config.secureCookies ? '__Host-mr_session' : 'mr_session';
}

export function toMe(u: AuthUser): Me {
  return { id: u.id, username: u.username, displayName: u.displayName, isAdmin: u.isAdmin };
}

/** Failed sign-ins allowed per (address, username) and per address in the window. */
export const LOGIN_FAILURES_PER_USER = 8;
export const LOGIN_FAILURES_PER_ADDRESS = 30;
const LOGIN_WINDOW_MS = 15 * 60_000;
const SIGNUP_WINDOW_MS = 10 * 60_000;

function tooMany(waitMs: number, what: string): HttpError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new HttpError(429, 'rate_limited', `Too many ${what}. Try again in ${seconds} seconds.`, undefined, { 'Retry-After': String(seconds) });
}

/** Runs a password hash through the shared pool; a full queue is a 503 with Retry-After. */
export async function hashing<T>(deps: AppDeps, work: () => Promise<T>, lane: HashLane = 'signin'): Promise<T> {
  try {
    return await deps.hashing.run(work, lane);
  } catch (err) {
    if (err instanceof HashPoolFull) {
      throw new HttpError(503, 'server_busy', 'The server is busy signing people in. Try again in a moment.', undefined, {
        'Retry-After': String(err.retryAfterSeconds),
      });
    }
    throw err;
  }
}

const REFUSALS: Record<RegistrationRefusal, () => HttpError> = {
  setup_token_required: () =>
    new HttpError(
      403,
      'setup_token_required',
      'No account exists yet. The first account becomes the admin: open the setup link printed in the server log (or register from the server machine itself).',
      'setupToken',
    ),
  registration_closed: () => new HttpError(403, 'registration_closed', 'Registration is closed on this instance. Ask its admin for an account.'),
  invite_required: () => new HttpError(403, 'registration_closed', 'Registration needs an invite code from the admin.', 'inviteCode'),
  bad_invite: () => new HttpError(403, 'registration_closed', 'That invite code is not valid or was already used.', 'inviteCode'),
  username_taken: () => new HttpError(409, 'username_taken', 'That username is taken.', 'username'),
};

/** Starts a sign-in: a fresh cookie (never one from before: rotation), the old sign-in ended. */
export async function startSignIn(deps: AppDeps, c: Context<AppEnv>, userId: string): Promise<void> {
  const old = getCookie(c, cookieName(deps));
  if (old) {
    const ended = await deleteAuthSession(deps.db, old);
    if (ended) deps.closeSignIns([ended]);
  }
  const { token } = await createAuthSession(deps.db, userId, deps.now(), c.req.header('user-agent') ?? null);
  setCookie(c, cookieName(deps), token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: deps.config.secureCookies,
    path: '/',
    maxAge: 30 * 24 * 3600,
  });
}

export function clearCookie(deps: AppDeps, c: Context<AppEnv>): void {
  deleteCookie(c, cookieName(deps), { path: '/', secure: deps.config.secureCookies });
}

export function authRoutes(deps: AppDeps) {
  const { db, config } = deps;
  const app = new Hono<AppEnv>();
  const byAddress = new FailureThrottle(LOGIN_FAILURES_PER_ADDRESS, LOGIN_WINDOW_MS);
  // Never by username alone: that would let anyone lock the real user out from everywhere.
  const byAddressAndUser = new FailureThrottle(LOGIN_FAILURES_PER_USER, LOGIN_WINDOW_MS);
  const signups = new FailureThrottle(config.signupLimit, SIGNUP_WINDOW_MS);
  const resets = new FailureThrottle(LOGIN_FAILURES_PER_ADDRESS, LOGIN_WINDOW_MS);
  const setupHash = Buffer.from(sha256(deps.setupToken));

  const setupTokenOk = (given: string | undefined) => given !== undefined && timingSafeEqual(Buffer.from(sha256(given)), setupHash);

  app.post('/register', async (c) => {
    const body = await readJson(c, registerBody);
    const now = deps.now();
    const address = clientAddress(c, config.trustProxy);
    const key = addressKey(address);
    // Every attempt counts, refused or not: the checks below are cheap, but a flood is still a flood.
    const wait = signups.retryAfter(key, now);
    if (wait > 0) throw tooMany(wait, 'sign-ups from your network');
    signups.fail(key, now);

    const request: RegistrationRequest = {
      username: body.username,
      mode: config.registration,
      inviteCode: body.inviteCode?.toUpperCase(),
      mayCreateFirst: isLoopback(address) || setupTokenOk(body.setupToken),
    };
    // Everything that can refuse is checked before the (deliberately slow) hash.
    const before = await registrationRefusal(db, request);
    if (before.refusal === 'setup_token_required' && body.setupToken !== undefined) {
      deps.log.warn({ address }, 'first-account registration with a wrong setup token');
    }
    if (before.refusal) throw REFUSALS[before.refusal]();
    const weak = passwordProblem(body.password, body.username);
    if (weak) throw new HttpError(400, 'weak_password', weak, 'password');

    const passwordHash = await hashing(deps, () => hashPassword(body.password, config.scryptLog2N), 'signup');
    const result = await createUser(db, { id: newId(), displayName: body.displayName ?? body.username, passwordHash, now: deps.now() }, request);
    if ('error' in result) throw REFUSALS[result.error]();
    await startSignIn(deps, c, result.user.id);
    deps.log.info({ user: result.user.id, admin: result.user.is_admin === 1 }, 'user registered');
    const me: Me = { id: result.user.id, username: result.user.username, displayName: result.user.display_name, isAdmin: result.user.is_admin === 1 };
    return c.json(me, 201);
  });

  app.post('/login', async (c) => {
    const body = await readJson(c, loginBody);
    const now = deps.now();
    const address = addressKey(clientAddress(c, config.trustProxy));
    const pairKey = `${address}\u0000${body.username.toLowerCase()}`;
    const wait = Math.max(byAddress.retryAfter(address, now), byAddressAndUser.retryAfter(pairKey, now));
    if (wait > 0) throw tooMany(wait, 'failed sign-ins');
    // Count the attempt as a failure before the slow hash, so parallel guesses cannot all slip
    // through the check above; a success (or a refusal for a full queue) takes it back.
    byAddress.fail(address, now);
    byAddressAndUser.fail(pairKey, now);
    const user = await findUserByUsername(db, body.username);
    let ok: boolean;
    try {
      ok = await hashing(deps, async () =>
        user ? verifyPassword(body.password, user.password_hash) : (await verifyPassword(body.password, await dummyPasswordHash(config.scryptLog2N)), false),
      );
    } catch (err) {
      byAddress.forgive(address, now);
      byAddressAndUser.forgive(pairKey, now);
      throw err;
    }
    if (!user || !ok) throw new HttpError(401, 'invalid_credentials', 'Wrong username or password.');
    byAddress.forgive(address, now);
    if (user.disabled) throw new HttpError(403, 'forbidden', 'This account is disabled. Ask the admin of this instance.');
    byAddressAndUser.reset(pairKey);
    await startSignIn(deps, c, user.id);
    return c.json({ id: user.id, username: user.username, displayName: user.display_name, isAdmin: user.is_admin === 1 } satisfies Me);
  });

  app.post('/logout', async (c) => {
    const token = getCookie(c, cookieName(deps));
    if (token) {
      const ended = await deleteAuthSession(db, token);
      // The sign-in's sockets close too: a cookie reused after logout fails on HTTP and on the socket.
      if (ended) deps.closeSignIns([ended]);
    }
    clearCookie(deps, c);
    return c.json({ ok: true });
  });

  /** What a reset link is for (the page shows whose password it sets). */
  app.get('/reset', async (c) => {
    const token = c.req.query('token') ?? '';
    const target = token && token.length <= 200 ? await resetTarget(db, token, deps.now()) : undefined;
    if (!target) throw invalidResetLink();
    return c.json({ username: target.username } satisfies ResetInfo);
  });

  /** Uses a one-time reset link from the admin: sets the password, ends every sign-in, signs in here. */
  app.post('/reset', async (c) => {
    const body = await readJson(c, passwordResetBody);
    const now = deps.now();
    const key = addressKey(clientAddress(c, config.trustProxy));
    const wait = resets.retryAfter(key, now);
    if (wait > 0) throw tooMany(wait, 'attempts');
    const target = await resetTarget(db, body.token, now);
    if (!target) {
      resets.fail(key, now);
      throw invalidResetLink();
    }
    const weak = passwordProblem(body.newPassword, target.username);
    if (weak) throw new HttpError(400, 'weak_password', weak, 'newPassword');
    const passwordHash = await hashing(deps, () => hashPassword(body.newPassword, config.scryptLog2N));
    const ended = await usePasswordReset(db, body.token, target.id, passwordHash, deps.now());
    if (!ended) throw invalidResetLink();
    deps.closeSignIns(ended);
    deps.log.info({ user: target.id }, 'password reset with a one-time link');
    if (target.disabled) {
      clearCookie(deps, c);
      return c.json({ ok: true as const, signedIn: false });
    }
    await startSignIn(deps, c, target.id);
    return c.json({ ok: true as const, signedIn: true });
  });

  return app;
}

function invalidResetLink(): HttpError {
  return new HttpError(400, 'invalid_token', 'This reset link is not valid: it was used already, has expired (after 24 hours) or was replaced by a newer one. Ask the admin for a new link.', 'token');
}

export function meRoute(c: { get(key: 'user'): AuthUser | null }): Me {
  const user = c.get('user');
  if (!user) throw unauthorized();
  return toMe(user);
}
