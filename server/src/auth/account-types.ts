/** What the sign-in and account API answers, as types without a runtime import (the web client reads them too). */

/** The first instructor is the admin: they invite, disable and re-enable the others and reset passwords. */
export type InstructorRole = 'admin' | 'instructor';

/** An instructor as the API shows them: never the password hash. */
export type PublicInstructor = { id: string; email: string; name: string; role: InstructorRole };

/** `GET /api/auth/status`: whether the first instructor must still be created, and whether others may register. */
export type AuthStatus = { needsSetup: boolean; registration: 'open' | 'closed' };

/** `POST /api/auth/register` without an invitation: the same answer whether or not the email had an account. */
export type RegistrationReceived = { status: 'received'; message: string };

/** One of the signed-in instructor's sessions (`GET /api/auth/sessions`). */
export type SessionSummary = {
  id: string;
  /** The session this request came with. */
  current: boolean;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  address: string | null;
};

/** An instructor in the admin's list (`GET /api/admin/instructors`). */
export type InstructorSummary = PublicInstructor & { disabled: boolean; createdAt: Date; activeSessions: number };

/** A one-time link the admin hands over (an invitation or a password reset). */
export type AccountLinkCreated = { url: string; email: string; expiresAt: Date };

/** What a one-time link is for, as its page shows before it is used (`GET /api/auth/links/:token`). */
export type AccountLinkInfo = { purpose: 'invite' | 'reset'; email: string; expiresAt: Date };
