import type { Db } from '../db/client.ts';
import { digest, newToken } from './sessions.ts';

export const DEVICE_COOKIE = 'quiz_device';
export const DEVICE_TTL_MS = 90 * 24 * 60 * 60 * 1000;

/**
 * The key of the trusted browser a cookie's token names, when that browser signed in to the
 * account of `email` before and the trust has not run out; else undefined.
 */
export async function trustedDevice(db: Db, token: string | undefined, email: string, now = new Date()): Promise<string | undefined> {
  if (!token) return undefined;
  const device = await db.trustedDevice.findUnique({ where: { id: digest(token) }, include: { instructor: { select: { email: true } } } });
  return device && device.expiresAt > now && device.instructor.email === email ? device.id : undefined;
}

/** Trusts the browser an instructor just signed in with; the token for its cookie. */
export async function trustDevice(db: Db, instructorId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + DEVICE_TTL_MS);
  await db.trustedDevice.create({ data: { id: digest(token), instructorId, expiresAt } });
  return { token, expiresAt };
}

/** No browser is trusted for this instructor any more, but `keep` (a key from trustedDevice). */
export async function forgetDevices(db: Db, instructorId: string, keep?: string): Promise<void> {
  await db.trustedDevice.deleteMany({ where: { instructorId, ...(keep ? { id: { not: keep } } : {}) } });
}

export async function deleteExpiredDevices(db: Db, now = new Date()): Promise<number> {
  return (await db.trustedDevice.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}
