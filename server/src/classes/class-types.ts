/**
 * What the class and student routes answer, as types without a runtime import: the web client
 * reads them too (through `Json<…>`), so this file must never import anything.
 */

export type ClassSummary = {
  id: string;
  name: string;
  startsOn: string | null;
  endsOn: string | null;
  selfJoin: boolean;
  /** Students may start exam simulations themselves from the class page. */
  selfSimulations: boolean;
  archivedAt: Date | null;
  createdAt: Date;
  memberCount: number;
  gameCount: number;
};

/** `POST /api/classes` and `GET /api/classes/:id`: the class, where students join it, and its roster. */
export type ClassDetail = ClassSummary & {
  /** The invite link students open on their phones (null while the class is archived or self-join is off). */
  inviteUrl: string | null;
  members: MemberSummary[];
};

export type MemberSummary = {
  id: string;
  name: string;
  externalId: string | null;
  /** `invite`: joined through the link; `roster`: imported or added by the instructor. */
  origin: 'invite' | 'roster';
  /** Browsers that hold this identity now. */
  devices: number;
  /** When their recovery code (on a card, or on their phone) was made; null: none yet, so a card replaces nothing. */
  recoveryCodeSetAt: Date | null;
  createdAt: Date;
  lastSeenAt: Date | null;
  games: number;
  answers: number;
};

export type RosterImport = {
  created: MemberSummary[];
  /** Lines left out, with why (the rest is imported). */
  problems: { line: number; name: string; message: string }[];
};

/** One printable card: the student's name and their personal link (it holds a new recovery code). */
export type StudentCard = { memberId: string; name: string; externalId: string | null; recoveryCode: string; url: string };

/** `GET /api/classes/:id/members/:memberId/export`: everything stored about one student. */
export type MemberExport = {
  exportedAt: Date;
  class: { id: string; name: string };
  member: { id: string; name: string; externalId: string | null; origin: 'invite' | 'roster'; createdAt: Date; lastSeenAt: Date | null };
  devices: { createdAt: Date; lastSeenAt: Date }[];
  games: { gameId: string; title: string; playedAt: Date; nickname: string; score: number; removedByHost: boolean }[];
  /** Assignments' attempts and exam simulations. */
  attempts: { attemptId: string; assignmentId: string | null; kind: 'practice' | 'simulation'; title: string; startedAt: Date; submittedAt: Date | null; correct: number | null; questionCount: number }[];
  /** Every answer: a live game's (`gameId`) or an attempt's (`attemptId`). */
  answers: { source: 'live' | 'assignment' | 'simulation'; gameId: string | null; attemptId: string | null; questionId: string; topicId: string; chosen: number[]; correct: boolean; responseMs: number; points: number; answeredAt: Date }[];
};

// ---------- students ----------

/** What an invite link shows before a student joins. */
export type InviteInfo = { className: string; instructorName: string; selfJoin: boolean };

/** A browser that became (or moved to) a class member: the token to keep, and the code to move on with. */
export type StudentCredentials = {
  token: string;
  recoveryCode: string;
  /** When this code was made: a browser that shows it can tell, from `GET /api/student/me`, that a newer one replaced it. */
  recoveryCodeSetAt: Date | null;
  member: { id: string; name: string };
  class: { id: string; name: string };
};

/** The class member a student token names. */
export type StudentIdentity = {
  memberId: string;
  name: string;
  classId: string;
  className: string;
  archived: boolean;
  /** When the member's current recovery code was made (null: none yet). */
  recoveryCodeSetAt: Date | null;
};
