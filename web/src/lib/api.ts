/**
 * The REST API as functions, one per endpoint (`api.games.create(body)`). Bodies are typed from
 * the server's zod schemas (`z.input`), answers from the server's response types as they arrive
 * over JSON (`Json<…>`): only types are imported from the server, never its code.
 */
import type { JoinLinks } from '../../../server/src/http/join-links.ts';
import type { z } from 'zod';
import type * as Analytics from '../../../server/src/analytics/analytics-types.ts';
import type { reviewInputSchema } from '../../../server/src/analytics/review-inputs.ts';
import type { credentialsSchema, inviteSchema, linkUseSchema, newInstructorSchema, passwordChangeSchema } from '../../../server/src/auth/account-inputs.ts';
import type * as Accounts from '../../../server/src/auth/account-types.ts';
import type { AuthStatus, PublicInstructor } from '../../../server/src/auth/account-types.ts';
import type * as Bank from '../../../server/src/banks/bank-types.ts';
import type { ExportQuery, QuestionListQuery, questionInputSchema, questionPatchSchema } from '../../../server/src/banks/question-inputs.ts';
import type { newGameSchema } from '../../../server/src/games/game-inputs.ts';
import type * as Games from '../../../server/src/games/game-types.ts';
import type { Json } from '../../../server/src/json.ts';
import type * as Classes from '../../../server/src/classes/class-types.ts';
import type { classInputSchema, classPatchSchema, classReviewSchema, memberInputSchema, memberPatchSchema } from '../../../server/src/classes/class-inputs.ts';
import type * as ClassAnalytics from '../../../server/src/analytics/class-analytics-types.ts';
import type { blueprintSchema, examMixSchema, quizInputSchema } from '../../../server/src/quizzes/quiz-inputs.ts';
import type { AnswerSource } from '../../../server/src/analytics/answer-sources.ts';
import type * as Assignments from '../../../server/src/assignments/assignment-types.ts';
import type { assignmentInputSchema } from '../../../server/src/assignments/assignment-inputs.ts';
import type * as Quizzes from '../../../server/src/quizzes/quiz-types.ts';

export type Instructor = Json<PublicInstructor>;
export type SessionSummary = Json<Accounts.SessionSummary>;
export type InstructorSummary = Json<Accounts.InstructorSummary>;
export type AccountLinkCreated = Json<Accounts.AccountLinkCreated>;
export type AccountLinkInfo = Json<Accounts.AccountLinkInfo>;
export type Domain = Json<Bank.DomainSummary>;
export type Topic = Json<Bank.TopicSummary>;
export type QuestionType = Bank.QuestionType;
export type QuestionSummary = Json<Bank.QuestionSummary>;
export type QuestionDetail = Json<Bank.QuestionDetail>;
export type Page<T> = Bank.Page<T>;
export type ImportProblem = Json<Bank.ImportProblem>;
export type ImportSummary = Json<Bank.ImportSummary>;
export type QuizView = Json<Quizzes.QuizView>;
export type QuizSummary = Json<Quizzes.QuizSummary>;
export type LiveGame = Json<Games.LiveGame>;
export type GameSummary = Json<Games.GameSummary>;
export type GameReport = Json<Analytics.GameReport>;
export type QuestionReport = Json<Analytics.QuestionReport>;
export type StudentReport = Json<Analytics.StudentReport>;
export type TopicMastery = Json<Analytics.TopicMastery>;
export type MasteryView = Json<Analytics.MasteryView>;

export type ClassSummary = Json<Classes.ClassSummary>;
export type ClassDetail = Json<Classes.ClassDetail>;
export type MemberSummary = Json<Classes.MemberSummary>;
export type StudentCard = Json<Classes.StudentCard>;
export type RosterImport = Json<Classes.RosterImport>;
export type StudentCredentials = Json<Classes.StudentCredentials>;
export type InviteInfo = Json<Classes.InviteInfo>;
export type StudentIdentity = Json<Classes.StudentIdentity>;
export type ClassMatrix = Json<ClassAnalytics.ClassMatrix>;
export type MatrixRow = Json<ClassAnalytics.MatrixRow>;
export type StudentMastery = Json<ClassAnalytics.StudentMastery>;

export type Assignment = Json<Assignments.Assignment>;
export type AssignmentDetail = Json<Assignments.AssignmentDetail>;
export type NewAssignment = z.input<typeof assignmentInputSchema>;
export type StudentAssignments = Json<Assignments.StudentAssignments>;
export type StudentAssignment = Json<Assignments.StudentAssignment>;
export type AttemptSummary = Json<Assignments.AttemptSummary>;
export type Attempt = Json<Assignments.Attempt>;
export type AttemptQuestion = Json<Assignments.AttemptQuestion>;
export type AnswerAck = Json<Assignments.AnswerAck>;
export type AttemptResult = Json<Assignments.AttemptResult>;
export type Feedback = Json<Assignments.Feedback>;
export type { AnswerSource };

export type QuestionInput = z.input<typeof questionInputSchema>;
/** Search filters as the query string carries them. */
export type QuestionQuery = { [K in keyof QuestionListQuery]?: string };
export type NewGame = z.input<typeof newGameSchema>;
export type HostSettings = NonNullable<NewGame['settings']>;
export type ReviewRequest = z.input<typeof reviewInputSchema>;
export type Period = { from?: string; to?: string };

/** A refusal from the server, with its stable code and a message meant for people. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** JSON over fetch, same origin, with the session cookie (or a student token); errors become ApiError. */
async function call<T>(method: string, path: string, body?: unknown, studentToken?: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(studentToken ? { authorization: `Bearer ${studentToken}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Cannot reach the server. Check the connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = data?.error ?? {};
    throw new ApiError(response.status, error.code ?? 'HTTP_ERROR', error.message ?? `The server answered ${response.status}.`, error.details);
  }
  return data as T;
}

const get = <T>(path: string) => call<T>('GET', path);
const post = <T>(path: string, body?: unknown) => call<T>('POST', path, body);
const id = (value: string) => encodeURIComponent(value);
/** A report's `sources` filter; every source when left out. */
const sourcesQuery = (sources?: readonly AnswerSource[]) => query({ sources: sources?.join(',') });
/** A call with the student's token. */
const asStudent = <T>(studentToken: string, method: string, path: string, body?: unknown) => call<T>(method, path, body, studentToken);
const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => !!entry[1])).toString();
  return search ? `?${search}` : '';
};

export const api = {
  auth: {
    status: () => get<AuthStatus>('/api/auth/status'),
    me: () => get<Instructor>('/api/me'),
    login: (body: z.input<typeof credentialsSchema>) => post<Instructor>('/api/auth/login', body),
    setup: (body: z.input<typeof newInstructorSchema>) => post<Instructor>('/api/auth/setup', body),
    /** Open registration: the same answer whether or not the email had an account; sign in afterwards. */
    register: (body: z.input<typeof newInstructorSchema>) => post<Json<Accounts.RegistrationReceived>>('/api/auth/register', body),
    logout: () => post<void>('/api/auth/logout'),
    /** Ends every session of the instructor, this one included. */
    logoutEverywhere: () => post<void>('/api/auth/logout-everywhere'),
    sessions: () => get<SessionSummary[]>('/api/auth/sessions'),
    endSession: (sessionId: string) => call<void>('DELETE', `/api/auth/sessions/${id(sessionId)}`),
    /** Ends the instructor's other sessions. */
    changePassword: (body: z.input<typeof passwordChangeSchema>) => post<void>('/api/auth/password', body),
    /** What an invitation or reset link is for. */
    link: (token: string) => get<AccountLinkInfo>(`/api/auth/links/${id(token)}`),
    /** Accepts an invitation (name and password) or sets a new password (reset); signs in. */
    useLink: (token: string, body: z.input<typeof linkUseSchema>) => post<Instructor>(`/api/auth/links/${id(token)}`, body),
  },
  admin: {
    instructors: () => get<InstructorSummary[]>('/api/admin/instructors'),
    invite: (body: z.input<typeof inviteSchema>) => post<AccountLinkCreated>('/api/admin/invites', body),
    disable: (instructorId: string) => post<void>(`/api/admin/instructors/${id(instructorId)}/disable`),
    enable: (instructorId: string) => post<void>(`/api/admin/instructors/${id(instructorId)}/enable`),
    /** The password stops working and the instructor's sessions end; the link sets a new one. */
    resetPassword: (instructorId: string) => post<AccountLinkCreated>(`/api/admin/instructors/${id(instructorId)}/reset-password`),
  },
  domains: {
    list: () => get<Domain[]>('/api/domains'),
    topics: (domainId: string) => get<Topic[]>(`/api/domains/${id(domainId)}/topics`),
  },
  questions: {
    search: (filters: QuestionQuery) => get<Page<QuestionSummary>>(`/api/questions${query(filters)}`),
    get: (questionId: string) => get<QuestionDetail>(`/api/questions/${id(questionId)}`),
    create: (body: QuestionInput) => post<QuestionDetail>('/api/questions', body),
    update: (questionId: string, body: z.input<typeof questionPatchSchema>) => call<QuestionDetail>('PATCH', `/api/questions/${id(questionId)}`, body),
    archive: (questionId: string) => post<QuestionDetail>(`/api/questions/${id(questionId)}/archive`),
    restore: (questionId: string) => post<QuestionDetail>(`/api/questions/${id(questionId)}/restore`),
    copy: (questionId: string) => post<QuestionDetail>(`/api/questions/${id(questionId)}/copy`),
    /** A bank file as parsed JSON; the server checks every row. */
    import: (bankFile: unknown) => post<ImportSummary>('/api/questions/import', bankFile),
    /** Where the browser downloads a bank file from. */
    exportUrl: (filters: ExportQuery) => `/api/questions/export${query(filters)}`,
  },
  quizzes: {
    list: () => get<QuizSummary[]>('/api/quizzes'),
    get: (quizId: string) => get<QuizView>(`/api/quizzes/${id(quizId)}`),
    create: (body: z.input<typeof quizInputSchema>) => post<QuizView>('/api/quizzes', body),
    update: (quizId: string, body: z.input<typeof quizInputSchema>) => call<QuizView>('PUT', `/api/quizzes/${id(quizId)}`, body),
    remove: (quizId: string) => call<void>('DELETE', `/api/quizzes/${id(quizId)}`),
    blueprint: (body: z.input<typeof blueprintSchema>) => post<QuizView>('/api/quizzes/blueprint', body),
    examMix: (body: z.input<typeof examMixSchema>) => post<Json<Quizzes.ExamMixQuiz>>('/api/quizzes/exam-mix', body),
  },
  games: {
    create: (body: NewGame) => post<Json<Games.OpenedGame>>('/api/games', body),
    live: () => get<LiveGame[]>('/api/games/live'),
    /** The settings a game gets unless the host changes them. */
    settings: () => get<Required<HostSettings>>('/api/games/settings'),
    /** The addresses students can open a room at (the lobby's link and QR code). */
    joinLinks: () => get<JoinLinks>('/api/join-links'),
    list: () => get<GameSummary[]>('/api/games'),
    get: (gameId: string) => get<Json<Games.GameOutcome>>(`/api/games/${id(gameId)}`),
    report: (gameId: string) => get<GameReport>(`/api/games/${id(gameId)}/report`),
    reportCsvUrl: (gameId: string, table: 'students' | 'questions') => `/api/games/${id(gameId)}/report${query({ format: 'csv', table })}`,
  },
  classes: {
    list: (archived: 'false' | 'true' | 'all' = 'false') => get<ClassSummary[]>(`/api/classes${query({ archived })}`),
    create: (body: z.input<typeof classInputSchema>) => post<ClassDetail>('/api/classes', body),
    get: (classId: string) => get<ClassDetail>(`/api/classes/${id(classId)}`),
    update: (classId: string, body: z.input<typeof classPatchSchema>) => call<ClassDetail>('PATCH', `/api/classes/${id(classId)}`, body),
    archive: (classId: string) => post<ClassDetail>(`/api/classes/${id(classId)}/archive`),
    restore: (classId: string) => post<ClassDetail>(`/api/classes/${id(classId)}/restore`),
    renewInvite: (classId: string) => post<ClassDetail>(`/api/classes/${id(classId)}/invite`),
    addMember: (classId: string, body: z.input<typeof memberInputSchema>) => post<MemberSummary>(`/api/classes/${id(classId)}/members`, body),
    importRoster: (classId: string, csv: string) => post<RosterImport>(`/api/classes/${id(classId)}/roster`, { csv }),
    updateMember: (classId: string, memberId: string, body: z.input<typeof memberPatchSchema>) =>
      call<MemberSummary>('PATCH', `/api/classes/${id(classId)}/members/${id(memberId)}`, body),
    removeMember: (classId: string, memberId: string) => call<void>('DELETE', `/api/classes/${id(classId)}/members/${id(memberId)}`),
    merge: (classId: string, memberId: string, from: string) => post<MemberSummary>(`/api/classes/${id(classId)}/members/${id(memberId)}/merge`, { from }),
    exportUrl: (classId: string, memberId: string) => `/api/classes/${id(classId)}/members/${id(memberId)}/export`,
    newCode: (classId: string, memberId: string) => post<StudentCard>(`/api/classes/${id(classId)}/members/${id(memberId)}/recovery-code`),
    cards: (classId: string, memberIds?: string[]) => post<{ cards: StudentCard[] }>(`/api/classes/${id(classId)}/cards`, memberIds ? { memberIds } : {}),
    matrix: (classId: string, sources?: readonly AnswerSource[]) => get<ClassMatrix>(`/api/classes/${id(classId)}/matrix${sourcesQuery(sources)}`),
    matrixCsvUrl: (classId: string, sources?: readonly AnswerSource[]) => `/api/classes/${id(classId)}/matrix${query({ format: 'csv', sources: sources?.join(',') })}`,
    mastery: (classId: string) => get<MasteryView>(`/api/classes/${id(classId)}/mastery`),
    student: (classId: string, memberId: string, sources?: readonly AnswerSource[]) =>
      get<StudentMastery>(`/api/classes/${id(classId)}/members/${id(memberId)}/mastery${sourcesQuery(sources)}`),
    studentCsvUrl: (classId: string, memberId: string, sources?: readonly AnswerSource[]) =>
      `/api/classes/${id(classId)}/members/${id(memberId)}/mastery${query({ format: 'csv', sources: sources?.join(',') })}`,
    review: (classId: string, body: z.input<typeof classReviewSchema>) => post<Json<Analytics.OpenedReview>>(`/api/classes/${id(classId)}/review`, body),
  },
  assignments: {
    list: (classId: string) => get<{ assignments: Assignment[] }>(`/api/classes/${id(classId)}/assignments`),
    create: (classId: string, body: NewAssignment) => post<Assignment>(`/api/classes/${id(classId)}/assignments`, body),
    get: (classId: string, assignmentId: string) => get<AssignmentDetail>(`/api/classes/${id(classId)}/assignments/${id(assignmentId)}`),
    csvUrl: (classId: string, assignmentId: string) => `/api/classes/${id(classId)}/assignments/${id(assignmentId)}?format=csv`,
    close: (classId: string, assignmentId: string) => post<Assignment>(`/api/classes/${id(classId)}/assignments/${id(assignmentId)}/close`),
    remove: (classId: string, assignmentId: string) => call<void>('DELETE', `/api/classes/${id(classId)}/assignments/${id(assignmentId)}`),
  },
  /** A student's assignments and exam simulations, with their class's token. */
  attempts: {
    mine: (token: string) => asStudent<StudentAssignments>(token, 'GET', '/api/student/assignments'),
    /** Starts the assignment, or resumes the attempt the student has (on any device). */
    start: (token: string, assignmentId: string) => asStudent<Attempt>(token, 'POST', `/api/student/assignments/${id(assignmentId)}/attempt`),
    /** A self-started exam simulation, or the one in progress. */
    simulate: (token: string) => asStudent<Attempt>(token, 'POST', '/api/student/simulations'),
    get: (token: string, attemptId: string) => asStudent<Attempt>(token, 'GET', `/api/student/attempts/${id(attemptId)}`),
    question: (token: string, attemptId: string, position: number) => asStudent<AttemptQuestion>(token, 'GET', `/api/student/attempts/${id(attemptId)}/questions/${position}`),
    answer: (token: string, attemptId: string, position: number, choices: number[]) => asStudent<AnswerAck>(token, 'POST', `/api/student/attempts/${id(attemptId)}/answer`, { position, choices }),
    move: (token: string, attemptId: string, position: number) => asStudent<Attempt>(token, 'POST', `/api/student/attempts/${id(attemptId)}/move`, { position }),
    flag: (token: string, attemptId: string, position: number, flagged: boolean) => asStudent<Attempt>(token, 'POST', `/api/student/attempts/${id(attemptId)}/flag`, { position, flagged }),
    submit: (token: string, attemptId: string) => asStudent<AttemptResult>(token, 'POST', `/api/student/attempts/${id(attemptId)}/submit`),
    result: (token: string, attemptId: string) => asStudent<AttemptResult>(token, 'GET', `/api/student/attempts/${id(attemptId)}/result`),
  },
  student: {
    invite: (token: string) => get<InviteInfo>(`/api/student/invite/${id(token)}`),
    join: (token: string, name: string) => post<StudentCredentials>(`/api/student/invite/${id(token)}/join`, { name }),
    recover: (code: string) => post<StudentCredentials>('/api/student/recover', { code }),
    me: (studentToken: string) => call<StudentIdentity>('GET', '/api/student/me', undefined, studentToken),
    progress: (studentToken: string, sources?: readonly AnswerSource[]) => call<StudentMastery>('GET', `/api/student/progress${sourcesQuery(sources)}`, undefined, studentToken),
    newCode: (studentToken: string) => call<{ recoveryCode: string; recoveryCodeSetAt: string }>('POST', '/api/student/recovery-code', undefined, studentToken),
    logout: (studentToken: string) => call<void>('POST', '/api/student/logout', undefined, studentToken),
  },
  analytics: {
    topics: (period: Period, sources?: readonly AnswerSource[]) => get<MasteryView>(`/api/analytics/topics${query({ ...period, sources: sources?.join(',') })}`),
    topicsCsvUrl: (period: Period, sources?: readonly AnswerSource[]) => `/api/analytics/topics${query({ ...period, format: 'csv', sources: sources?.join(',') })}`,
    review: (body: ReviewRequest) => post<Json<Analytics.OpenedReview>>('/api/analytics/review', body),
  },
};
