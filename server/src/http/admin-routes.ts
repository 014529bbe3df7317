import { Router, type Request } from 'express';
import { z } from 'zod';
import { createInvite, createReset, linkPath } from '../auth/account-links.ts';
import { inviteSchema } from '../auth/account-inputs.ts';
import type { AccountLinkCreated } from '../auth/account-types.ts';
import { listInstructors, otherInstructor, setDisabled } from '../auth/accounts.ts';
import type { Db } from '../db/client.ts';
import { currentInstructor, requireAdmin } from './session.ts';
import { parse } from '../validation.ts';
import * as ex from './examples.ts';
import { accountLinkCreated, instructorSummary } from './responses.ts';
import { json, mount, type RouteSpec } from './route-spec.ts';

const instructorParams = z.object({ id: z.uuid() });
const other = ['OWN_ACCOUNT', 'INSTRUCTOR_NOT_FOUND'] as const;
const linkCreated = (description: string, expiresAt: Date) => ({ description, json: json(accountLinkCreated, { url: 'http://192.168.1.20:3000/host/invite/Hk3vJ9qLm2xP8sT4wYz6AaQ', email: 'grace@example.edu', expiresAt }) });

export const adminApi = {
  instructors: {
    method: 'get',
    path: '/api/admin/instructors',
    summary: 'Every instructor with role, disabled and active sessions',
    caller: 'admin',
    responses: { 200: { description: 'The admin first, then by name.', json: json(z.array(instructorSummary), [{ ...ex.instructor, disabled: false, createdAt: ex.at, activeSessions: 2 }]) } },
  },
  invite: {
    method: 'post',
    path: '/api/admin/invites',
    summary: 'A one-time invitation link, valid 7 days (registration closed or not)',
    caller: 'admin',
    body: json(inviteSchema, { email: 'grace@example.edu' }),
    responses: { 201: linkCreated('The link to hand over.', ex.later) },
    errors: ['EMAIL_TAKEN'],
  },
  disable: {
    method: 'post',
    path: '/api/admin/instructors/:id/disable',
    summary: "Disable an instructor: their sessions and sockets end, sign-in answers 403 ACCOUNT_DISABLED",
    caller: 'admin',
    params: instructorParams,
    responses: { 204: { description: 'Disabled.' } },
    errors: other,
  },
  enable: { method: 'post', path: '/api/admin/instructors/:id/enable', summary: 'Enable a disabled instructor again', caller: 'admin', params: instructorParams, responses: { 204: { description: 'Enabled.' } }, errors: other },
  resetPassword: {
    method: 'post',
    path: '/api/admin/instructors/:id/reset-password',
    summary: 'The password stops working and every session ends now; a link valid 24 hours sets a new one',
    caller: 'admin',
    params: instructorParams,
    responses: { 201: linkCreated('The reset link to hand over.', ex.at) },
    errors: other,
  },
} satisfies Record<string, RouteSpec>;

export type AdminRouteDeps = {
  db: Db;
  /** The address instructors open links at, when it differs from the one this request came to. */
  publicUrl?: string;
  endSockets: (sessionIds: string[]) => void;
};

/** The admin's routes: the instructors, invitations, disabling and enabling, password resets. */
export function adminRoutes({ db, publicUrl, endSockets }: AdminRouteDeps): Router {
  const router = Router();
  const on = mount(router);
  router.use('/admin', requireAdmin);
  const linkUrl = (req: Request, path: string) => new URL(path, publicUrl ?? `${req.protocol}://${req.get('host')}`).toString();
  const instructorId = (req: Request) => parse(instructorParams, req.params).id;

  on(adminApi.instructors, async (_req, res) => {
    res.json(await listInstructors(db));
  });

  on(adminApi.invite, async (req, res) => {
    const { email } = parse(adminApi.invite.body.schema, req.body);
    const { token, expiresAt } = await createInvite(db, currentInstructor(res).id, email);
    const created: AccountLinkCreated = { url: linkUrl(req, linkPath('invite', token)), email, expiresAt };
    res.status(201).json(created);
  });

  on(adminApi.disable, async (req, res) => {
    const target = await otherInstructor(db, currentInstructor(res).id, instructorId(req));
    endSockets(await setDisabled(db, target.id, true));
    res.status(204).end();
  });

  on(adminApi.enable, async (req, res) => {
    const target = await otherInstructor(db, currentInstructor(res).id, instructorId(req));
    await setDisabled(db, target.id, false);
    res.status(204).end();
  });

  /** The instructor's password stops working and their sessions end now; the link sets a new one. */
  on(adminApi.resetPassword, async (req, res) => {
    const admin = currentInstructor(res);
    const target = await otherInstructor(db, admin.id, instructorId(req));
    const { token, expiresAt, ended } = await createReset(db, admin.id, target);
    endSockets(ended);
    const created: AccountLinkCreated = { url: linkUrl(req, linkPath('reset', token)), email: target.email, expiresAt };
    res.status(201).json(created);
  });

  return router;
}
