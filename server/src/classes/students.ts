import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import type { ClassMemberRef } from '../game/index.ts';
import type { InviteInfo, StudentCredentials, StudentIdentity } from './class-types.ts';
import { checkedMemberName } from './member-names.ts';
import { hashSecret, newRecoveryCode, RECOVERY_HASH_PREFIX, newStudentToken, recoveryCodeHashes, recoveryHashOfDigest } from './student-secrets.ts';

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
  const recovery = await newRecoveryCode();
  const now = new Date();
  const member = await db.classMember
    .create({
      data: { classId: row.id, name, nameKey, origin: 'invite', recoveryCodeHash: recovery.hash, recoveryCodeSetAt: now, lastSeenAt: now, tokens: { create: { tokenHash: token.hash } } },
      select: { id: true, name: true },
    })
    .catch((error: unknown) => {
      // Two students typing the same name at the same moment: the unique key decides.
      if ((error as { code?: string }).code === 'P2002') throw new AppError(409, 'NAME_TAKEN', 'Someone in this class already has this name. Add an initial.');
      throw error;
    });
  return { token: token.token, recoveryCode: recovery.code, recoveryCodeSetAt: now, member, class: { id: row.id, name: row.name } };
}

/**
 * Another browser of a member: the recovery code (typed, or from a card's link) gives it a token
 * of its own. The code keeps working until a new one is made, so the student can write it down.
 */
export async function recoverIdentity(db: Db, typedCode: string): Promise<StudentCredentials> {
  const typed = await recoveryCodeHashes(typedCode);
  const member = typed
    ? await db.classMember.findFirst({
        where: { recoveryCodeHash: { in: typed.hashes } },
        select: { id: true, name: true, recoveryCodeSetAt: true, class: { select: { id: true, name: true } } },
      })
    : null;
  if (!typed || !member) throw new AppError(404, 'RECOVERY_CODE_INVALID', 'This code is not valid. Check it, or ask your instructor for a new one.');
  const token = newStudentToken();
  await db.studentToken.create({ data: { tokenHash: token.hash, memberId: member.id } });
  await db.classMember.update({ where: { id: member.id }, data: { lastSeenAt: new Date() } });
  return { token: token.token, recoveryCode: typed.code, recoveryCodeSetAt: member.recoveryCodeSetAt, member: { id: member.id, name: member.name }, class: member.class };
}

/**
 * Stores the recovery codes kept as plain SHA-256 before in their current form (Argon2id of
 * that SHA-256, which needs no code), a batch at a time; how many it upgraded. Nodes may run it
 * at once: a row changes only from the hash it was read with.
 */
export async function upgradeLegacyRecoveryCodes(db: Db, batch = 100): Promise<number> {
  let upgraded = 0;
  for (;;) {
    const rows = await db.$queryRaw<{ id: string; hash: string }[]>`
      SELECT id, "recoveryCodeHash" AS hash FROM "ClassMember"
       WHERE "recoveryCodeHash" IS NOT NULL AND "recoveryCodeHash" NOT LIKE ${`${RECOVERY_HASH_PREFIX}%`}
       LIMIT ${batch}`;
    if (!rows.length) return upgraded;
    for (const row of rows) {
      const stored = await recoveryHashOfDigest(row.hash);
      upgraded += (await db.classMember.updateMany({ where: { id: row.id, recoveryCodeHash: row.hash }, data: { recoveryCodeHash: stored } })).count;
    }
  }
}

/** The member a student token names, or null; notes when the browser was last seen. */
export async function findStudent(db: Db, token: string): Promise<StudentIdentity | null> {
  const tokenHash = hashSecret(token);
  // One statement: every request of a student (an assignment's answers included) starts here.
  const [row] = await db.$queryRaw<{ lastSeenAt: Date; memberId: string; name: string; recoveryCodeSetAt: Date | null; classId: string; className: string; archivedAt: Date | null }[]>`
    SELECT t."lastSeenAt", m.id AS "memberId", m.name, m."recoveryCodeSetAt", c.id AS "classId", c.name AS "className", c."archivedAt"
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
  return { memberId: row.memberId, name: row.name, classId: row.classId, className: row.className, archived: row.archivedAt !== null, recoveryCodeSetAt: row.recoveryCodeSetAt };
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
export async function renewRecoveryCode(db: Db, memberId: string): Promise<{ recoveryCode: string; recoveryCodeSetAt: Date }> {
  const { code, hash } = await newRecoveryCode();
  const recoveryCodeSetAt = new Date();
  await db.classMember.update({ where: { id: memberId }, data: { recoveryCodeHash: hash, recoveryCodeSetAt } });
  return { recoveryCode: code, recoveryCodeSetAt };
}

/** This browser stops being the member (the others stay). */
export async function forgetBrowser(db: Db, token: string): Promise<void> {
  await db.studentToken.deleteMany({ where: { tokenHash: hashSecret(token) } });
}
