import { Router, type Request } from 'express';
import { z } from 'zod';
import { createInvite, createReset, linkPath } from '../auth/account-links.ts';
import { inviteSchema } from '../auth/account-inputs.ts';
import type { AccountLinkCreated } from '../auth/account-types.ts';
import { listInstructors, otherInstructor, setDisabled } from '../auth/accounts.ts';
import type { Db } from '../db/client.ts';
import { currentInstructor, requireAdmin } from './session.ts';
import { parse } from '../validation.ts';

export type AdminRouteDeps = {
  db: Db;
  /** The address instructors open links at, when it differs from the one this request came to. */
  publicUrl?: string;
  endSockets: (sessionIds: string[]) => void;
};

/** The admin's routes: the instructors, invitations, disabling and enabling, password resets. */
export function adminRoutes({ db, publicUrl, endSockets }: AdminRouteDeps): Router {
  const router = Router();
  router.use('/admin', requireAdmin);
  const linkUrl = (req: Request, path: string) => new URL(path, publicUrl ?? `${req.protocol}://${req.get('host')}`).toString();
  const instructorId = (req: Request) => parse(z.uuid(), req.params.id);

  router.get('/admin/instructors', async (_req, res) => {
    res.json(await listInstructors(db));
  });

  router.post('/admin/invites', async (req, res) => {
    const { email } = parse(inviteSchema, req.body);
    const { token, expiresAt } = await createInvite(db, currentInstructor(res).id, email);
    const created: AccountLinkCreated = { url: linkUrl(req, linkPath('invite', token)), email, expiresAt };
    res.status(201).json(created);
  });

  router.post('/admin/instructors/:id/disable', async (req, res) => {
    const target = await otherInstructor(db, currentInstructor(res).id, instructorId(req));
    endSockets(await setDisabled(db, target.id, true));
    res.status(204).end();
  });

  router.post('/admin/instructors/:id/enable', async (req, res) => {
    const target = await otherInstructor(db, currentInstructor(res).id, instructorId(req));
    await setDisabled(db, target.id, false);
    res.status(204).end();
  });

  /** The instructor's password stops working and their sessions end now; the link sets a new one. */
  router.post('/admin/instructors/:id/reset-password', async (req, res) => {
    const admin = currentInstructor(res);
    const target = await otherInstructor(db, admin.id, instructorId(req));
    const { token, expiresAt, ended } = await createReset(db, admin.id, target);
    endSockets(ended);
    const created: AccountLinkCreated = { url: linkUrl(req, linkPath('reset', token)), email: target.email, expiresAt };
    res.status(201).json(created);
  });

  return router;
}
