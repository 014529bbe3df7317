import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import type { ClassMemberRef } from '../game/index.ts';
import type { InviteInfo, StudentCredentials, StudentIdentity } from './class-types.ts';
import { checkedMemberName } from './member-names.ts';
import { hashSecret, newRecoveryCode, newStudentToken, recoveryCodeHash } from './student-secrets.ts';

const INVITE_INVALID = () => new AppError(404, 'INVITE_INVALID', 'This class link does not work any more. Ask your instructor for the current one.');
/** A browser's last-seen time is written at most this often. */
const SEEN_EVERY_MS = 5 * 60_000;

async function openClassByInvite(db: Db, inviteToken: string) {
  const row = await db.class.findUnique({ where: { inviteToken }, select: { id: true, name: true, selfJoin: true, archivedAt: true, instructor: { select: { name: true } } } });
  if (!row || row.archivedAt) throw INVITE_INVALID();
  return row;
}

/** What the invite link shows: the class and whether students may join themselves. */
export async function inviteInfo(db: Db, inviteToken: string): Promise<InviteInfo> {
  const row = await openClassByInvite(db, inviteToken);
  return { className: row.name, instructorName: row.instructor.name, selfJoin: row.selfJoin };
}

/**
 * A student opens the invite link and types their name: they become a member of the class, and
 * this browser gets a student token and a recovery code (only their hashes are stored).
 */
export async function joinByInvite(db: Db, inviteToken: string, typedName: string): Promise<StudentCredentials> {
  const row = await openClassByInvite(db, inviteToken);
  if (!row.selfJoin) throw new AppError(403, 'SELF_JOIN_CLOSED', 'Your instructor hands out personal cards for this class: use the link or code on yours.');
  const { name, nameKey } = await checkedMemberName(db, row.id, typedName);
  const token = newStudentToken();
  const recovery = newRecoveryCode();
  const member = await db.classMember
    .create({
      data: { classId: row.id, name, nameKey, origin: 'invite', recoveryCodeHash: recovery.hash, lastSeenAt: new Date(), tokens: { create: { tokenHash: token.hash } } },
      select: { id: true, name: true },
    })
    .catch((error: unknown) => {
      // Two students typing the same name at the same moment: the unique key decides.
      if ((error as { code?: string }).code === 'P2002') throw new AppError(409, 'NAME_TAKEN', 'Someone in this class already has this name. Add an initial.');
      throw error;
    });
  return { token: token.token, recoveryCode: recovery.code, member, class: { id: row.id, name: row.name } };
}

/**
 * Another browser of a member: the recovery code (typed, or from a card's link) gives it a token
 * of its own. The code keeps working until a new one is made, so the student can write it down.
 */
export async function recoverIdentity(db: Db, typedCode: string): Promise<StudentCredentials> {
  const hash = recoveryCodeHash(typedCode);
  const member = hash
    ? await db.classMember.findUnique({ where: { recoveryCodeHash: hash }, select: { id: true, name: true, class: { select: { id: true, name: true } } } })
    : null;
  if (!member) throw new AppError(404, 'RECOVERY_CODE_INVALID', 'This code is not valid. Check it, or ask your instructor for a new one.');
  const token = newStudentToken();
  await db.studentToken.create({ data: { tokenHash: token.hash, memberId: member.id } });
  await db.classMember.update({ where: { id: member.id }, data: { lastSeenAt: new Date() } });
  const code = typedCode.toUpperCase().replace(/[\s-]/g, '');
  return { token: token.token, recoveryCode: `${code.slice(0, 5)}-${code.slice(5)}`, member: { id: member.id, name: member.name }, class: member.class };
}

/** The member a student token names, or null; notes when the browser was last seen. */
export async function findStudent(db: Db, token: string): Promise<StudentIdentity | null> {
  const tokenHash = hashSecret(token);
  // One statement: every request of a student (an assignment's answers included) starts here.
  const [row] = await db.$queryRaw<{ lastSeenAt: Date; memberId: string; name: string; classId: string; className: string; archivedAt: Date | null }[]>`
    SELECT t."lastSeenAt", m.id AS "memberId", m.name, c.id AS "classId", c.name AS "className", c."archivedAt"
      FROM "StudentToken" t
      JOIN "ClassMember" m ON m.id = t."memberId"
      JOIN "Class" c ON c.id = m."classId"
     WHERE t."tokenHash" = ${tokenHash}`;
  if (!row) return null;
  if (Date.now() - row.lastSeenAt.getTime() > SEEN_EVERY_MS) {
    const now = new Date();
    await db.$transaction([
      db.studentToken.update({ where: { tokenHash }, data: { lastSeenAt: now } }),
      db.classMember.update({ where: { id: row.memberId }, data: { lastSeenAt: now } }),
    ]);
  }
  return { memberId: row.memberId, name: row.name, classId: row.classId, className: row.className, archived: row.archivedAt !== null };
}

/** The class identities a browser's tokens name, as a game's join takes them (unknown tokens are left out). */
export async function classMembersFor(db: Db, tokens: string[]): Promise<ClassMemberRef[]> {
  if (!tokens.length) return [];
  const rows = await db.studentToken.findMany({
    where: { tokenHash: { in: tokens.map(hashSecret) } },
    select: { member: { select: { id: true, name: true, classId: true } } },
  });
  return rows.map(({ member }) => ({ id: member.id, classId: member.classId, name: member.name }));
}

/** A new recovery code for the member; the old one stops working. */
export async function renewRecoveryCode(db: Db, memberId: string): Promise<{ recoveryCode: string }> {
  const { code, hash } = newRecoveryCode();
  await db.classMember.update({ where: { id: memberId }, data: { recoveryCodeHash: hash } });
  return { recoveryCode: code };
}

/** This browser stops being the member (the others stay). */
export async function forgetBrowser(db: Db, token: string): Promise<void> {
  await db.studentToken.deleteMany({ where: { tokenHash: hashSecret(token) } });
}
