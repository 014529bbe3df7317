/**
 * Every error code the HTTP API answers with, the status it always comes with, and what it means.
 * The README's table, the OpenAPI document and AppError's type all come from this one list: a
 * code that is not here does not compile.
 */
export const HTTP_ERRORS = {
  // requests and transport
  VALIDATION_FAILED: { status: 400, meaning: 'a body, query or path parameter is not valid; `details` lists `{field, message}`' },
  INVALID_JSON: { status: 400, meaning: 'the body is not valid JSON' },
  BAD_REQUEST: { status: 400, meaning: 'the request could not be read (not HTTP, an unknown charset or encoding: then 415)' },
  REQUEST_TIMEOUT: { status: 408, meaning: 'the request took over 2 minutes to arrive' },
  PAYLOAD_TOO_LARGE: { status: 413, meaning: 'the body is over 512 KB' },
  HEADERS_TOO_LARGE: { status: 431, meaning: 'the request line and headers are over 16 KB' },
  NOT_FOUND: { status: 404, meaning: 'no route for this method and path' },
  CROSS_SITE_REQUEST: { status: 403, meaning: "a write from another site's page (its `Origin` is not this server or a configured one)" },
  STORAGE_UNAVAILABLE: { status: 503, meaning: 'PostgreSQL or Redis does not answer: nothing was done, try again after `Retry-After`' },
  INTERNAL: { status: 500, meaning: 'a fault of the server (logged)' },
  // who is asking
  UNAUTHENTICATED: { status: 401, meaning: 'no instructor session' },
  STUDENT_UNKNOWN: { status: 401, meaning: 'no student token this server knows' },
  FORBIDDEN: { status: 403, meaning: "someone else's resource, or an admin route for an instructor" },
  TOO_MANY_ATTEMPTS: { status: 429, meaning: 'a sign-in, registration, class join or recovery limit is spent; `Retry-After` says when to try again' },
  // accounts
  ALREADY_SET_UP: { status: 409, meaning: 'the first instructor exists already' },
  REGISTRATION_CLOSED: { status: 403, meaning: 'registration is not open' },
  EMAIL_TAKEN: { status: 409, meaning: 'an instructor has this email' },
  INVALID_CREDENTIALS: { status: 401, meaning: 'the email or password is wrong' },
  ACCOUNT_DISABLED: { status: 403, meaning: 'the admin disabled this account' },
  WRONG_PASSWORD: { status: 400, meaning: 'the current password is not right' },
  SESSION_NOT_FOUND: { status: 404, meaning: 'no such session of yours' },
  LINK_INVALID: { status: 404, meaning: 'the invitation or reset link was used, expired or never existed' },
  INSTRUCTOR_NOT_FOUND: { status: 404, meaning: 'no such instructor' },
  OWN_ACCOUNT: { status: 400, meaning: 'the admin cannot disable or reset their own account' },
  // questions and quizzes
  DOMAIN_NOT_FOUND: { status: 404, meaning: 'no such domain' },
  QUESTION_NOT_FOUND: { status: 404, meaning: 'no such question (or one of another instructor)' },
  QUESTION_READ_ONLY: { status: 403, meaning: 'a built-in question: copy it to edit it' },
  IMPORT_INVALID: { status: 400, meaning: 'a bank file with problems; `details` lists `{row, id, field, message}` and nothing was written' },
  QUIZ_NOT_FOUND: { status: 404, meaning: 'no such quiz' },
  UNKNOWN_QUESTIONS: { status: 400, meaning: 'a quiz names questions that do not exist or are not yours' },
  NOT_ENOUGH_QUESTIONS: { status: 400, meaning: 'fewer questions match than were asked for' },
  // games and analytics
  GAME_NOT_FOUND: { status: 404, meaning: 'no such game' },
  QUIZ_CHANGED: { status: 409, meaning: 'the quiz lost questions while the game was being opened: try again' },
  UNKNOWN_TOPICS: { status: 400, meaning: 'a review names topics that do not exist' },
  NOTHING_MISSED: { status: 400, meaning: 'a review of a game or students with no topic answered wrong' },
  // classes and students
  CLASS_NOT_FOUND: { status: 404, meaning: 'no such class' },
  CLASS_ARCHIVED: { status: 409, meaning: 'an archived class cannot get a game or an assignment' },
  MEMBER_NOT_FOUND: { status: 404, meaning: 'no such student in this class' },
  NAME_INVALID: { status: 400, meaning: 'a student name that is empty or too long once normalised' },
  NAME_TAKEN: { status: 409, meaning: 'a student of the class has this name or one that looks like it' },
  EXTERNAL_ID_TAKEN: { status: 409, meaning: 'a student of the class has this external id' },
  ROSTER_EMPTY: { status: 400, meaning: 'a roster without a name' },
  ROSTER_TOO_LONG: { status: 400, meaning: 'a roster of over 1,000 lines' },
  SAME_MEMBER: { status: 400, meaning: 'a student cannot be merged into themselves' },
  INVITE_INVALID: { status: 404, meaning: 'the class link was renewed, its class archived, or it never existed' },
  SELF_JOIN_CLOSED: { status: 403, meaning: 'the class admits students only with cards and recovery codes' },
  RECOVERY_CODE_INVALID: { status: 404, meaning: 'no student has this recovery code' },
  // assignments and exam simulations
  ASSIGNMENT_NOT_FOUND: { status: 404, meaning: 'no such assignment in this class, or not one for this student' },
  ASSIGNMENT_NOT_OPEN: { status: 409, meaning: 'the assignment has not opened yet; `details.opensAt` says when' },
  ASSIGNMENT_CLOSED: { status: 409, meaning: 'the assignment has closed (starting, answering, or closing it twice)' },
  SIMULATIONS_OFF: { status: 403, meaning: 'the class does not let its students start exam simulations themselves' },
  ATTEMPT_NOT_FOUND: { status: 404, meaning: 'no such attempt of this student' },
  ATTEMPT_SUBMITTED: { status: 409, meaning: 'the attempt was submitted and can no longer change' },
  ATTEMPT_TIME_UP: { status: 409, meaning: "the simulation's 180 minutes are over: it was submitted as it was" },
  QUESTION_TIME_UP: { status: 409, meaning: "the question's timer ran out" },
  ALREADY_ANSWERED: { status: 409, meaning: 'a practice question is answered once: the first answer counts' },
  NOT_CURRENT_QUESTION: { status: 409, meaning: 'a practice attempt is answered in order; `details.position` is the current question' },
  NOT_A_SIMULATION: { status: 409, meaning: 'only an exam simulation moves between questions and flags them' },
  POSITION_OUT_OF_RANGE: { status: 400, meaning: 'the attempt has no question at this position' },
  INVALID_CHOICE: { status: 400, meaning: 'options out of range, repeated, or not as many as the question asks for' },
  RESULT_NOT_READY: { status: 409, meaning: 'the result is shown once the attempt is over' },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type AppErrorCode = keyof typeof HTTP_ERRORS;
export const APP_ERROR_CODES = Object.keys(HTTP_ERRORS) as AppErrorCode[];

/**
 * An error a use case refuses with: a stable code, a message a person understands, and the
 * HTTP status that fits it (the transport decides how to send it; sockets send code and message).
 * The status must be the one the code always has.
 */
export class AppError<C extends AppErrorCode = AppErrorCode> extends Error {
  constructor(
    readonly status: (typeof HTTP_ERRORS)[C]['status'],
    readonly code: C,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
