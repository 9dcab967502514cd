import { Hono } from 'hono';
import { z } from 'zod';
import { adminUserPatch, type AdminSettings, type AdminStatus, type AdminUser, type RegistrationInvite, type ResetLink } from '../../../shared/api';
import { newCode } from '../../ids';
import { createInvite, deleteUnusedInvite, listInvites, listUsers, setUserDisabled } from '../../store/admin';
import { deleteUserSessions } from '../../store/auth-sessions';
import { createPasswordReset, RESET_TTL_MS } from '../../store/password-resets';
import type { UserRow } from '../../store/schema';
import { findUserById } from '../../store/users';
import type { AppDeps, AppEnv } from '../context';
import { forbidden, HttpError, notFound } from '../errors';
import { requireUser } from '../middleware';
import { idParam, parseParam, readJson } from '../validate';

export interface AdminHooks {
  /** Ends the user's WebSocket connections at once. */
  disconnectUser(userId: string): void;
  /** Live rooms, connections and storage counters. */
  status(): Promise<AdminStatus>;
}

const codeParam = z.string().regex(/^[A-Za-z0-9]{1,64}$/);

function toAdminUser(r: Pick<UserRow, 'id' | 'username' | 'display_name' | 'is_admin' | 'disabled' | 'created_at'>): AdminUser {
  return { id: r.id, username: r.username, displayName: r.display_name, isAdmin: r.is_admin === 1, disabled: r.disabled === 1, createdAt: r.created_at };
}

export function adminRoutes(deps: AppDeps, hooks: AdminHooks) {
  const { db, config } = deps;
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    const user = requireUser(c);
    if (!user.isAdmin) throw forbidden('Only the admin of this instance can do that.');
    await next();
  });

  app.get('/settings', async (c) => {
    const users = await listUsers(db);
    const settings: AdminSettings = { registration: config.registration, publicUrl: config.publicOrigin, version: deps.version, users: users.length };
    return c.json(settings);
  });

  app.get('/status', async (c) => c.json(await hooks.status()));

  app.get('/users', async (c) => c.json((await listUsers(db)).map(toAdminUser)));

  app.patch('/users/:id', async (c) => {
    const me = requireUser(c);
    const id = parseParam(idParam, c.req.param('id'), 'id');
    const body = await readJson(c, adminUserPatch);
    const target = await findUserById(db, id);
    if (!target) throw notFound('That user');
    if (body.disabled && (target.id === me.id || target.is_admin === 1)) {
      throw new HttpError(400, 'bad_request', 'The admin account cannot be disabled: the instance would have nobody to run it.', 'disabled');
    }
    await setUserDisabled(db, id, body.disabled);
    if (body.disabled) {
      // Locked out at once: no cookie works any more and open rooms drop the user's sockets.
      deps.closeSignIns(await deleteUserSessions(db, id));
      hooks.disconnectUser(id);
    }
    deps.log.info({ user: id, by: me.id, disabled: body.disabled }, body.disabled ? 'user disabled' : 'user enabled');
    return c.json(toAdminUser({ ...target, disabled: body.disabled ? 1 : 0 }));
  });

  /**
   * A one-time link that lets the user set a new password (there is no mail server: the admin passes
   * it on). 24 hours; a newer link replaces an older one; using it ends the user's sign-ins.
   */
  app.post('/users/:id/reset-link', async (c) => {
    const me = requireUser(c);
    const id = parseParam(idParam, c.req.param('id'), 'id');
    const target = await findUserById(db, id);
    if (!target) throw notFound('That user');
    const now = deps.now();
    const token = await createPasswordReset(db, target.id, me.id, now);
    const origin = config.publicOrigin ?? new URL(c.req.url).origin;
    deps.log.info({ user: target.id, by: me.id }, 'password reset link created');
    const link: ResetLink = { url: `${origin}/reset?token=${token}`, expiresAt: now + RESET_TTL_MS };
    return c.json(link, 201);
  });

  app.get('/invites', async (c) => {
    const rows = await listInvites(db);
    return c.json(
      rows.map((r): RegistrationInvite => ({ code: r.code, createdAt: r.created_at, createdBy: r.created_by, usedBy: r.used_by, usedAt: r.used_at })),
    );
  });

  app.post('/invites', async (c) => {
    const me = requireUser(c);
    if (config.registration !== 'invite') {
      throw new HttpError(
        409,
        'conflict',
        `Registration is "${config.registration}" on this instance, so invite codes are not used. Start the server with REGISTRATION=invite to require them.`,
      );
    }
    const code = newCode(12);
    const now = deps.now();
    await createInvite(db, code, me.id, now);
    const invite: RegistrationInvite = { code, createdAt: now, createdBy: me.displayName, usedBy: null, usedAt: null };
    return c.json(invite, 201);
  });

  app.delete('/invites/:code', async (c) => {
    const code = parseParam(codeParam, c.req.param('code'), 'code');
    if (!(await deleteUnusedInvite(db, code))) throw notFound('An unused invite with that code');
    return c.json({ ok: true as const });
  });

  return app;
}
