/** What the sign-in and account API answers, as types without a runtime import (the web client reads them too). */

/** An instructor as the API shows them: never the password hash. */
export type PublicInstructor = { id: string; email: string; name: string };

/** `GET /api/auth/status`: whether the first instructor must still be created, and whether others may register. */
export type AuthStatus = { needsSetup: boolean; registration: 'open' | 'closed' };
