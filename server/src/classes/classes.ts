import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { cleanNickname, nicknameKeys } from '../game/index.ts';
import type { RoomRouter } from '../rooms/room-router.ts';
import { loadMember, loadOwnClass } from './class-access.ts';
import type { ClassInput, ClassPatch, MemberPatch } from './class-inputs.ts';
import type { ClassDetail, ClassSummary, MemberExport, MemberSummary, RosterImport, StudentCard } from './class-types.ts';
import { checkedMemberName, REMOVED_SEAT } from './member-names.ts';
import { parseRoster } from './roster-csv.ts';
import { newInviteToken, newRecoveryCode } from './student-secrets.ts';

/** Where links point: the routes know the address students reach, the use cases only the paths. */
export type LinkBase = string;
export const inviteUrl = (base: LinkBase, token: string) => `${base.replace(/\/$/, '')}/c/${token}`;
/** A card's link carries its recovery code after `#`, so it never reaches a server log. */
export const recoveryUrl = (base: LinkBase, code: string) => `${base.replace(/\/$/, '')}/student/recover#${code}`;

const isoDay = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);
const dayOrNull = (day: string | null | undefined) => (day ? new Date(`${day}T00:00:00Z`) : day === null ? null : undefined);

type ClassRow = { id: string; name: string; startsOn: Date | null; endsOn: Date | null; selfJoin: boolean; selfSimulations: boolean; archivedAt: Date | null; createdAt: Date; _count: { members: number; games: number } };
const summarySelect = { id: true, name: true, startsOn: true, endsOn: true, selfJoin: true, selfSimulations: true, archivedAt: true, createdAt: true, _count: { select: { members: true, games: true } } } as const;

function toSummary(row: ClassRow): ClassSummary {
  return {
    id: row.id,
    name: row.name,
    startsOn: isoDay(row.startsOn),
    endsOn: isoDay(row.endsOn),
    selfJoin: row.selfJoin,
    selfSimulations: row.selfSimulations,
    archivedAt: row.archivedAt,
    createdAt: row.createdAt,
    memberCount: row._count.members,
    gameCount: row._count.games,
  };
}

export async function createClass(db: Db, instructorId: string, input: ClassInput, base: LinkBase): Promise<ClassDetail> {
  const row = await db.class.create({
    data: { instructorId, name: input.name, startsOn: dayOrNull(input.startsOn), endsOn: dayOrNull(input.endsOn), selfJoin: input.selfJoin, selfSimulations: input.selfSimulations, inviteToken: newInviteToken() },
    select: { id: true },
  });
  return classDetail(db, instructorId, row.id, base);
}

/** The instructor's classes, newest first: current ones, archived ones, or both. */
export async function listClasses(db: Db, instructorId: string, archived: 'true' | 'false' | 'all'): Promise<ClassSummary[]> {
  const rows = await db.class.findMany({
    where: { instructorId, ...(archived === 'all' ? {} : { archivedAt: archived === 'true' ? { not: null } : null }) },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    select: summarySelect,
  });
  return rows.map(toSummary);
}

/** Every member with what the roster shows, in name order. */
async function roster(db: Db, classId: string, memberIds?: string[]): Promise<MemberSummary[]> {
  const rows = await db.$queryRaw<(Omit<MemberSummary, 'origin'> & { origin: 'invite' | 'roster' })[]>`
    SELECT m.id, m.name, m."externalId", m.origin, m."recoveryCodeSetAt", m."createdAt", m."lastSeenAt",
           (SELECT count(*) FROM "StudentToken" t WHERE t."memberId" = m.id)::int AS devices,
           (SELECT count(DISTINCT p."gameId") FROM "Player" p WHERE p."memberId" = m.id)::int AS games,
           ((SELECT count(*) FROM "Answer" a JOIN "Player" p ON p.id = a."playerId" WHERE p."memberId" = m.id AND p."kickedAt" IS NULL)
            + (SELECT count(*) FROM "Answer" a JOIN "Attempt" at ON at.id = a."attemptId" WHERE at."memberId" = m.id))::int AS answers
      FROM "ClassMember" m
     WHERE m."classId" = ${classId}::uuid
       AND (${memberIds ?? null}::uuid[] IS NULL OR m.id = ANY (${memberIds ?? null}::uuid[]))
     ORDER BY lower(m.name), m.id`;
  return rows;
}

/** The class with its invite link and roster. */
export async function classDetail(db: Db, instructorId: string, classId: string, base: LinkBase): Promise<ClassDetail> {
  await loadOwnClass(db, instructorId, classId);
  const row = await db.class.findUniqueOrThrow({ where: { id: classId }, select: { ...summarySelect, inviteToken: true } });
  return {
    ...toSummary(row),
    inviteUrl: row.archivedAt || !row.selfJoin ? null : inviteUrl(base, row.inviteToken),
    members: await roster(db, classId),
  };
}

export async function updateClass(db: Db, instructorId: string, classId: string, patch: ClassPatch, base: LinkBase): Promise<ClassDetail> {
  await loadOwnClass(db, instructorId, classId);
  const current = await db.class.findUniqueOrThrow({ where: { id: classId }, select: { startsOn: true, endsOn: true } });
  const startsOn = patch.startsOn !== undefined ? dayOrNull(patch.startsOn) : current.startsOn;
  const endsOn = patch.endsOn !== undefined ? dayOrNull(patch.endsOn) : current.endsOn;
  if (startsOn && endsOn && startsOn > endsOn) throw new AppError(400, 'VALIDATION_FAILED', 'endsOn: must not be before startsOn');
  await db.class.update({ where: { id: classId }, data: { name: patch.name, startsOn, endsOn, selfJoin: patch.selfJoin, selfSimulations: patch.selfSimulations } });
  return classDetail(db, instructorId, classId, base);
}

/** Archived: the invite link stops working and the class leaves the list; its numbers stay. */
export async function setArchived(db: Db, instructorId: string, classId: string, archived: boolean, base: LinkBase): Promise<ClassDetail> {
  await loadOwnClass(db, instructorId, classId);
  await db.class.update({ where: { id: classId }, data: { archivedAt: archived ? new Date() : null } });
  return classDetail(db, instructorId, classId, base);
}

/** A new invite link; the old one stops working (members already in stay in). */
export async function renewInvite(db: Db, instructorId: string, classId: string, base: LinkBase): Promise<ClassDetail> {
  await loadOwnClass(db, instructorId, classId);
  await db.class.update({ where: { id: classId }, data: { inviteToken: newInviteToken() } });
  return classDetail(db, instructorId, classId, base);
}

async function checkedExternalId(db: Db, classId: string, externalId: string | null | undefined, except?: string) {
  if (!externalId) return;
  const other = await db.classMember.findFirst({ where: { classId, externalId, ...(except ? { id: { not: except } } : {}) }, select: { id: true } });
  if (other) throw new AppError(409, 'EXTERNAL_ID_TAKEN', 'Another student of this class has this external id.');
}

/** The instructor adds one student (they get in through a card or a recovery code). */
export async function addMember(db: Db, instructorId: string, classId: string, input: { name: string; externalId?: string }): Promise<MemberSummary> {
  await loadOwnClass(db, instructorId, classId);
  const { name, nameKey } = await checkedMemberName(db, classId, input.name);
  await checkedExternalId(db, classId, input.externalId);
  const row = await db.classMember.create({ data: { classId, name, nameKey, externalId: input.externalId ?? null, origin: 'roster' }, select: { id: true } });
  return (await roster(db, classId, [row.id]))[0]!;
}

/**
 * A roster file: every valid line becomes a member in one transaction; lines whose name is
 * invalid or taken (in the class or earlier in the file), or whose external id is, are listed
 * with why and left out.
 */
export async function importRoster(db: Db, instructorId: string, classId: string, csv: string): Promise<RosterImport> {
  await loadOwnClass(db, instructorId, classId);
  const lines = parseRoster(csv);
  if (!lines.length) throw new AppError(400, 'ROSTER_EMPTY', 'The file holds no names.');
  if (lines.length > 1000) throw new AppError(400, 'ROSTER_TOO_LONG', 'A roster holds at most 1,000 students.');
  const existing = await db.classMember.findMany({ where: { classId }, select: { name: true, externalId: true } });
  const takenNames = new Set(existing.flatMap((m) => nicknameKeys(m.name)));
  const takenIds = new Set(existing.flatMap((m) => (m.externalId ? [m.externalId] : [])));
  const problems: RosterImport['problems'] = [];
  const rows: { name: string; nameKey: string; externalId: string | null }[] = [];
  for (const line of lines) {
    const name = cleanNickname(line.name);
    if (name === null) {
      problems.push({ line: line.line, name: line.name, message: 'A name has 1 to 20 characters and no control characters.' });
      continue;
    }
    const keys = nicknameKeys(name);
    if (keys.some((key) => takenNames.has(key))) {
      problems.push({ line: line.line, name, message: 'This name (or one that looks the same) is in the class already.' });
      continue;
    }
    if (line.externalId && (line.externalId.length > 64 || takenIds.has(line.externalId))) {
      problems.push({ line: line.line, name, message: line.externalId.length > 64 ? 'An external id has at most 64 characters.' : 'This external id is in the class already.' });
      continue;
    }
    keys.forEach((key) => takenNames.add(key));
    if (line.externalId) takenIds.add(line.externalId);
    rows.push({ name, nameKey: keys[1], externalId: line.externalId });
  }
  const ids = await db.$transaction(rows.map((row) => db.classMember.create({ data: { classId, ...row, origin: 'roster' }, select: { id: true } })));
  const created = ids.length ? await roster(db, classId, ids.map((r) => r.id)) : [];
  return { created, problems };
}

export async function updateMember(db: Db, instructorId: string, classId: string, memberId: string, patch: MemberPatch): Promise<MemberSummary> {
  await loadOwnClass(db, instructorId, classId);
  await loadMember(db, classId, memberId);
  const named = patch.name !== undefined ? await checkedMemberName(db, classId, patch.name, memberId) : {};
  if (patch.externalId !== undefined) await checkedExternalId(db, classId, patch.externalId, memberId);
  await db.classMember.update({ where: { id: memberId }, data: { ...named, ...(patch.externalId !== undefined ? { externalId: patch.externalId } : {}) } });
  return (await roster(db, classId, [memberId]))[0]!;
}

/**
 * Removes a student: their identity, browsers and recovery code are deleted; their seats in past
 * games stay, unlinked and renamed "Removed student" (so the class's numbers do not change and
 * the name is gone from the records, the saved state of finished games included). A seat in a
 * game still open (lobby or running) is also taken out of play, as the host's removal does: the
 * student does not play on as the class member (`rooms` left out: nothing is live here).
 */
export async function removeMember(db: Db, instructorId: string, classId: string, memberId: string, rooms?: Pick<RoomRouter, 'run'>): Promise<void> {
  await loadOwnClass(db, instructorId, classId);
  await loadMember(db, classId, memberId);
  const open = await db.$transaction(async (tx) => {
    const seats = await tx.player.findMany({ where: { memberId }, select: { id: true, gameId: true, game: { select: { status: true, roomCode: true } } } });
    for (const seat of seats) {
      await tx.player.update({ where: { id: seat.id }, data: { nickname: REMOVED_SEAT.nickname, nicknameKey: REMOVED_SEAT.nicknameKey(seat.id), memberId: null } });
      await tx.$executeRaw`
        UPDATE "Game" SET snapshot = jsonb_set(snapshot, ARRAY['players', ${seat.id}, 'nickname'], to_jsonb(${REMOVED_SEAT.nickname}::text))
         WHERE id = ${seat.gameId}::uuid AND status = 'ended' AND snapshot->'players' ? ${seat.id}`;
    }
    await tx.classMember.delete({ where: { id: memberId } });
    return seats.filter((seat) => seat.game.status !== 'ended');
  });
  for (const seat of open) await rooms?.run(seat.game.roomCode, { type: 'kick', playerIds: [seat.id] });
}

/**
 * Two identities of one student (a lost phone, a second browser that joined anew): `from`'s
 * seats and browsers become `into`'s, and `from` is deleted. `into` keeps its name and code.
 */
export async function mergeMembers(db: Db, instructorId: string, classId: string, into: string, from: string): Promise<MemberSummary> {
  await loadOwnClass(db, instructorId, classId);
  await loadMember(db, classId, into);
  const source = await loadMember(db, classId, from);
  if (into === from) throw new AppError(400, 'SAME_MEMBER', 'Choose two different students to merge.');
  await db.$transaction([
    db.player.updateMany({ where: { memberId: source.id }, data: { memberId: into } }),
    db.studentToken.updateMany({ where: { memberId: source.id }, data: { memberId: into } }),
    // Attempts move too, except at an assignment both did: the kept member's attempt stays theirs, the other's answers stay unnamed.
    db.$executeRaw`
      UPDATE "Attempt" moved SET "memberId" = ${into}::uuid
       WHERE moved."memberId" = ${source.id}::uuid
         AND (moved."assignmentId" IS NULL
              OR NOT EXISTS (SELECT 1 FROM "Attempt" kept WHERE kept."assignmentId" = moved."assignmentId" AND kept."memberId" = ${into}::uuid))`,
    db.classMember.delete({ where: { id: source.id } }),
  ]);
  // The kept identity takes the external id over when it had none.
  if (source.externalId) await db.classMember.updateMany({ where: { id: into, externalId: null }, data: { externalId: source.externalId } });
  return (await roster(db, classId, [into]))[0]!;
}

/**
 * A new recovery code for each member: a card can only show a code that is made for it (only
 * hashes are stored), so a card replaces the student's earlier code, on an earlier card or on
 * their phone (their browsers stay signed in; a phone that shows the old code says it was
 * replaced). The roster's `recoveryCodeSetAt` tells who has a code to lose.
 */
export async function issueCards(db: Db, instructorId: string, classId: string, memberIds: string[] | undefined, base: LinkBase): Promise<StudentCard[]> {
  await loadOwnClass(db, instructorId, classId);
  const members = await db.classMember.findMany({
    where: { classId, ...(memberIds ? { id: { in: memberIds } } : {}) },
    select: { id: true, name: true, externalId: true },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
  if (memberIds && members.length !== new Set(memberIds).size) throw new AppError(404, 'MEMBER_NOT_FOUND', 'No such student in this class.');
  const cards = await Promise.all(members.map(async (member) => ({ member, ...(await newRecoveryCode()) })));
  const recoveryCodeSetAt = new Date();
  await db.$transaction(cards.map(({ member, hash }) => db.classMember.update({ where: { id: member.id }, data: { recoveryCodeHash: hash, recoveryCodeSetAt } })));
  return cards.map(({ member, code }) => ({ memberId: member.id, name: member.name, externalId: member.externalId, recoveryCode: code, url: recoveryUrl(base, code) }));
}

/** A new recovery code for one student (a lost device, a forgotten code): the old one stops working. */
export async function renewMemberCode(db: Db, instructorId: string, classId: string, memberId: string, base: LinkBase): Promise<StudentCard> {
  await loadOwnClass(db, instructorId, classId);
  await loadMember(db, classId, memberId);
  return (await issueCards(db, instructorId, classId, [memberId], base))[0]!;
}

/** Everything stored about one student, for them to take away (no token or code hashes). */
export async function exportMember(db: Db, instructorId: string, classId: string, memberId: string): Promise<MemberExport> {
  const owned = await loadOwnClass(db, instructorId, classId);
  const member = await loadMember(db, classId, memberId);
  const devices = await db.studentToken.findMany({ where: { memberId }, select: { createdAt: true, lastSeenAt: true }, orderBy: { createdAt: 'asc' } });
  const seats = await db.player.findMany({
    where: { memberId },
    select: { id: true, nickname: true, score: true, kickedAt: true, game: { select: { id: true, title: true, startedAt: true, createdAt: true } } },
  });
  const attempts = await db.attempt.findMany({
    where: { memberId },
    select: { id: true, assignmentId: true, kind: true, title: true, startedAt: true, submittedAt: true, correct: true, questionCount: true },
    orderBy: { startedAt: 'asc' },
  });
  const answers = await db.answer.findMany({
    where: { OR: [{ playerId: { in: seats.map((s) => s.id) } }, { attemptId: { in: attempts.map((a) => a.id) } }] },
    select: { source: true, gameId: true, attemptId: true, questionId: true, topicId: true, chosen: true, correct: true, responseMs: true, points: true, answeredAt: true },
    orderBy: [{ answeredAt: 'asc' }, { id: 'asc' }],
  });
  return {
    exportedAt: new Date(),
    class: { id: owned.id, name: owned.name },
    member: { id: member.id, name: member.name, externalId: member.externalId, origin: member.origin, createdAt: member.createdAt, lastSeenAt: member.lastSeenAt },
    devices,
    games: seats
      .map((s) => ({ gameId: s.game.id, title: s.game.title, playedAt: s.game.startedAt ?? s.game.createdAt, nickname: s.nickname, score: s.score, removedByHost: s.kickedAt !== null }))
      .sort((a, b) => a.playedAt.getTime() - b.playedAt.getTime()),
    attempts: attempts.map(({ id, ...attempt }) => ({ attemptId: id, ...attempt })),
    answers,
  };
}
