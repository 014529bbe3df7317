import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';

export type OwnClass = { id: string; name: string; instructorId: string; inviteToken: string; selfJoin: boolean; archivedAt: Date | null };

/**
 * A class of the instructor's: 404 when there is no such class (an id that is not a uuid cannot
 * name one), 403 when it is someone else's.
 */
export async function loadOwnClass(db: Db, instructorId: string, classId: string): Promise<OwnClass> {
  const notFound = new AppError(404, 'CLASS_NOT_FOUND', 'No such class.');
  if (!z.uuid().safeParse(classId).success) throw notFound;
  const row = await db.class.findUnique({
    where: { id: classId },
    select: { id: true, name: true, instructorId: true, inviteToken: true, selfJoin: true, archivedAt: true },
  });
  if (!row) throw notFound;
  if (row.instructorId !== instructorId) throw new AppError(403, 'FORBIDDEN', 'This class belongs to another instructor.');
  return row;
}

/** A member of the class: 404 MEMBER_NOT_FOUND otherwise (a member of another class included). */
export async function loadMember(db: Db, classId: string, memberId: string) {
  const notFound = new AppError(404, 'MEMBER_NOT_FOUND', 'No such student in this class.');
  if (!z.uuid().safeParse(memberId).success) throw notFound;
  const member = await db.classMember.findUnique({ where: { id: memberId } });
  if (!member || member.classId !== classId) throw notFound;
  return member;
}
