/**
 * The class identities this browser holds, in localStorage: per class, the student token (sent
 * as `Authorization: Bearer` and with every game join) and the recovery code to move on with.
 * No other code here: the join page reads it before it downloads anything else.
 */
const KEY = 'dopquiz.classes';

export type ClassIdentity = {
  classId: string;
  className: string;
  memberId: string;
  name: string;
  token: string;
  recoveryCode: string;
  /** When that code was made (the server's time); a newer one on the server means it was replaced. Absent in identities kept before. */
  recoveryCodeSetAt?: string | null;
};

export function identities(): ClassIdentity[] {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((i) => i && typeof i.token === 'string' && typeof i.classId === 'string') : [];
  } catch {
    return [];
  }
}

/** Keeps an identity; one per class (a newer one of the same class replaces it). */
export function keepIdentity(identity: ClassIdentity) {
  localStorage.setItem(KEY, JSON.stringify([identity, ...identities().filter((i) => i.classId !== identity.classId)]));
}

export function forgetIdentity(classId: string) {
  localStorage.setItem(KEY, JSON.stringify(identities().filter((i) => i.classId !== classId)));
}

/** The tokens a game join sends: the room takes the one of its class, if any. */
export function studentTokens(): string[] {
  return identities().map((i) => i.token);
}
