/**
 * What the HTTP API answers, as zod schemas for the OpenAPI document. The answers' types live in
 * the *-types.ts files (the web client reads them without a runtime import); `schemaOf<T>()`
 * makes each schema here describe exactly its type, so the two cannot part ways without a
 * compile error. Dates are `Date` here and ISO date-time strings on the wire.
 */
import { z } from 'zod';
import type * as Assignments from '../assignments/assignment-types.ts';
import type * as Accounts from '../auth/account-types.ts';
import type * as Banks from '../banks/bank-types.ts';
import { bankQuestionSchema, bankFileSchema, QUESTION_STYLES, QUESTION_TYPES } from '../banks/question-schema.ts';
import type * as Classes from '../classes/class-types.ts';
import { RECOVERY_CODE_PATTERN } from '../classes/student-secrets.ts';
import type * as Games from '../games/game-types.ts';
import type * as Quizzes from '../quizzes/quiz-types.ts';
import type * as Analytics from '../analytics/analytics-types.ts';
import type { OpenedReview } from '../analytics/analytics-types.ts';
import type * as ClassAnalytics from '../analytics/class-analytics-types.ts';
import type { Readiness } from '../analytics/readiness.ts';
import { ANSWER_SOURCES } from '../analytics/answer-sources.ts';
import type { JoinLinks } from './join-links.ts';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** `schemaOf<T>()(schema)`: the schema, if its output is exactly T (both ways assignable). */
export const schemaOf =
  <T>() =>
  <S extends z.ZodType>(schema: S & (Same<z.output<S>, T> extends true ? unknown : { schemaDiffersFromType: T })): S =>
    schema;

const id = z.uuid();
const date = z.date();
const nullableDate = z.date().nullable();
/** As the server makes them: two groups of five of the room-code alphabet (typed in, case, spaces and dashes do not matter). */
const recoveryCodeText = z.string().regex(RECOVERY_CODE_PATTERN);
const answerSource = z.enum(ANSWER_SOURCES);
const attemptKind = z.enum(['practice', 'simulation']);
const sources = z.array(answerSource).meta({ description: 'The sources whose answers are counted (`?sources=`; all by default).' });

// ---------- accounts ----------

export const publicInstructor = schemaOf<Accounts.PublicInstructor>()(
  z.object({ id, email: z.email(), name: z.string(), role: z.enum(['admin', 'instructor']) }).meta({ id: 'Instructor' }),
);
export const authStatus = schemaOf<Accounts.AuthStatus>()(z.object({ needsSetup: z.boolean(), registration: z.enum(['open', 'closed']) }));
export const registrationReceived = schemaOf<Accounts.RegistrationReceived>()(z.object({ status: z.literal('received'), message: z.string() }));
export const sessionSummary = schemaOf<Accounts.SessionSummary>()(
  z.object({
    id,
    current: z.boolean().meta({ description: 'The session this request came with.' }),
    createdAt: date,
    lastSeenAt: date,
    expiresAt: date,
    userAgent: z.string().nullable(),
    address: z.string().nullable(),
  }),
);
export const instructorSummary = schemaOf<Accounts.InstructorSummary>()(
  publicInstructor.extend({ disabled: z.boolean(), createdAt: date, activeSessions: z.int().min(0) }),
);
export const accountLinkCreated = schemaOf<Accounts.AccountLinkCreated>()(z.object({ url: z.url(), email: z.email(), expiresAt: date }));
export const accountLinkInfo = schemaOf<Accounts.AccountLinkInfo>()(z.object({ purpose: z.enum(['invite', 'reset']), email: z.email(), expiresAt: date }));

// ---------- question bank ----------

export const domainSummary = schemaOf<Banks.DomainSummary>()(
  z.object({ id: z.string(), number: z.int(), title: z.string(), examWeightPercent: z.number(), topicCount: z.int(), questionCount: z.int() }),
);
export const topicSummary = schemaOf<Banks.TopicSummary>()(z.object({ id: z.string(), title: z.string(), position: z.int(), questionCount: z.int() }));
const questionSummaryShape = z.object({
  id: z.string(),
  topicId: z.string(),
  domainId: z.string(),
  type: z.enum(QUESTION_TYPES),
  style: z.enum(QUESTION_STYLES),
  prompt: z.string(),
  options: z.array(z.string()),
  choose: z.int().min(1).meta({ description: 'How many options to pick (the size of the answer): 2 or 3 on a `multiple` question, else 1.' }),
  difficulty: z.int(),
  timeLimitSec: z.int(),
  source: z.enum(['seed', 'instructor']),
  mine: z.boolean(),
  archived: z.boolean(),
});
export const questionSummary = schemaOf<Banks.QuestionSummary>()(questionSummaryShape);
export const questionDetail = schemaOf<Banks.QuestionDetail>()(
  questionSummaryShape.extend({ answer: z.array(z.int()), explanation: z.string() }).meta({ id: 'Question' }),
);
export const questionPage = schemaOf<Banks.Page<Banks.QuestionSummary>>()(
  z.object({ items: z.array(questionSummary), total: z.int(), page: z.int(), pageSize: z.int() }),
);
export const importSummary = schemaOf<Banks.ImportSummary>()(z.object({ created: z.int(), updated: z.int(), unchanged: z.int() }));
/** The seed format, as `GET /api/questions/export` writes it and `POST /api/questions/import` reads it. */
export const bankFile = bankFileSchema.extend({ questions: z.array(bankQuestionSchema) }).meta({ id: 'BankFile' });

// ---------- quizzes ----------

const quizFields = { id, title: z.string(), shuffleOptions: z.boolean(), createdAt: date, updatedAt: date };
const quizView = z.object({
  ...quizFields,
  questions: z.array(
    z.object({
      position: z.int(),
      questionId: z.string(),
      timeLimitSec: z.int(),
      readingSec: z.int().nullable().meta({ description: "Null: from the question's length." }),
      doublePoints: z.boolean(),
      prompt: z.string(),
      type: z.string(),
      topicId: z.string(),
      domainId: z.string(),
      difficulty: z.int(),
    }),
  ),
});
export const quiz = schemaOf<Quizzes.QuizView>()(quizView.meta({ id: 'Quiz' }));
export const quizSummary = schemaOf<Quizzes.QuizSummary>()(z.object({ ...quizFields, questionCount: z.int() }));
export const examMixQuiz = schemaOf<Quizzes.ExamMixQuiz>()(
  quizView.extend({ composition: z.record(z.string(), z.int()).meta({ description: 'Questions drawn from each domain.' }) }),
);

// ---------- games ----------

export const openedGame = schemaOf<Games.OpenedGame>()(
  z.object({ gameId: id, code: z.string(), joinUrl: z.url(), joinUrls: z.array(z.url()), localOnly: z.boolean() }),
);
export const liveGame = schemaOf<Games.LiveGame>()(
  z.object({ code: z.string(), gameId: id, title: z.string(), phase: z.enum(['lobby', 'question', 'reveal', 'leaderboard', 'podium']) }),
);
const gameFields = { id, title: z.string(), roomCode: z.string(), status: z.enum(['lobby', 'running', 'ended']), createdAt: date, startedAt: nullableDate, endedAt: nullableDate };
export const gameSummary = schemaOf<Games.GameSummary>()(
  z.object({ ...gameFields, playerCount: z.int().meta({ description: 'Players in play: those who left (`player:leave`) or were removed by the host are left out.' }), questionCount: z.int() }),
);
export const gameOutcome = schemaOf<Games.GameOutcome>()(
  z.object({
    ...gameFields,
    questions: z.array(
      z.object({
        position: z.int(),
        questionId: z.string(),
        timeLimitSec: z.int(),
        readingSec: z.int().nullable(),
        doublePoints: z.boolean(),
        skipped: z.boolean().meta({
          description: 'The host skipped it (`host:skip`): nobody scored, its answers were deleted and streaks stayed as they were. False for a question that was played, answered or not (a missing answer resets the streak).',
        }),
      }),
    ),
    players: z.array(
      z.object({
        id,
        nickname: z.string(),
        score: z.int(),
        joinOrder: z.int().min(1).meta({ description: 'Order of joining among the listed players (1 joined first): the last tie-break of the ranking, after score and total response time.' }),
        status: z.enum(['playing', 'left', 'removed']).meta({
          description: 'In play to the end; gave the seat up (`player:leave`); or removed by the host (`host:kick`). Players who left or were removed are not ranked at the end nor in the report; their stored answers stay here.',
        }),
        outAt: nullableDate.meta({ description: 'When the player left or was removed; null while in play.' }),
        rankedThrough: z.int().min(-1).nullable().meta({
          description: 'For a player who left or was removed: the position of the last question whose reveal ranked them (-1: none, they went out in the lobby); the reveals after it did not. Null while in play, and for players out before this was kept.',
        }),
        answers: z.array(
          z.object({
            position: z.int(),
            questionId: z.string(),
            chosen: z.array(z.int()),
            correct: z.boolean(),
            responseMs: z.int().meta({ description: 'From the question opening to the answer reaching the server (docs/protocol.md, Scoring).' }),
            points: z.int(),
          }),
        ),
      }),
    ),
  }),
);
export const joinLinks = schemaOf<JoinLinks>()(
  z.object({ preferred: z.url(), choices: z.array(z.object({ url: z.url(), label: z.string() })), localOnly: z.boolean() }),
);
export const openedReview = schemaOf<OpenedReview>()(
  z.object({
    quizId: id,
    gameId: id,
    code: z.string(),
    joinUrl: z.url(),
    topics: z.array(z.string()).meta({ description: 'The topics reviewed, weakest first.' }),
    composition: z.object({ missed: z.array(z.string()), unseen: z.array(z.string()), seen: z.array(z.string()) }).meta({ description: 'Question ids by where they came from.' }),
  }),
);

// ---------- classes and students ----------

const classFields = {
  id,
  name: z.string(),
  startsOn: z.iso.date().nullable(),
  endsOn: z.iso.date().nullable(),
  selfJoin: z.boolean(),
  selfSimulations: z.boolean().meta({ description: 'Students may start exam simulations themselves.' }),
  archivedAt: nullableDate,
  createdAt: date,
  memberCount: z.int(),
  gameCount: z.int(),
};
export const classSummary = schemaOf<Classes.ClassSummary>()(z.object(classFields));
const origin = z.enum(['invite', 'roster']);
export const memberSummary = schemaOf<Classes.MemberSummary>()(
  z.object({ id, name: z.string(), externalId: z.string().nullable(), origin, devices: z.int(), recoveryCodeSetAt: nullableDate.meta({ description: 'When their recovery code was made (a card, or the code their phone got); null: none yet, so a card replaces nothing.' }), createdAt: date, lastSeenAt: nullableDate, games: z.int(), answers: z.int() }).meta({ id: 'Member' }),
);
export const classDetail = schemaOf<Classes.ClassDetail>()(
  z.object({ ...classFields, inviteUrl: z.url().nullable(), members: z.array(memberSummary) }).meta({ id: 'Class' }),
);
export const rosterImport = schemaOf<Classes.RosterImport>()(
  z.object({ created: z.array(memberSummary), problems: z.array(z.object({ line: z.int(), name: z.string(), message: z.string() })) }),
);
export const studentCard = schemaOf<Classes.StudentCard>()(
  z.object({ memberId: id, name: z.string(), externalId: z.string().nullable(), recoveryCode: recoveryCodeText, url: z.url() }),
);
export const studentCards = z.object({ cards: z.array(studentCard) });
export const memberExport = schemaOf<Classes.MemberExport>()(
  z.object({
    exportedAt: date,
    class: z.object({ id, name: z.string() }),
    member: z.object({ id, name: z.string(), externalId: z.string().nullable(), origin, createdAt: date, lastSeenAt: nullableDate }),
    devices: z.array(z.object({ createdAt: date, lastSeenAt: date })),
    games: z.array(z.object({ gameId: id, title: z.string(), playedAt: date, nickname: z.string(), score: z.int(), removedByHost: z.boolean() })),
    attempts: z
      .array(
        z.object({
          attemptId: id,
          assignmentId: id.nullable().meta({ description: 'Null for a simulation the student started themselves.' }),
          kind: attemptKind,
          title: z.string(),
          startedAt: date,
          submittedAt: nullableDate,
          correct: z.int().min(0).nullable(),
          questionCount: z.int().min(1),
        }),
      )
      .meta({ description: "Assignments' attempts and exam simulations." }),
    answers: z
      .array(
        z.object({
          source: answerSource,
          gameId: id.nullable(),
          attemptId: id.nullable(),
          questionId: z.string(),
          topicId: z.string(),
          chosen: z.array(z.int()),
          correct: z.boolean(),
          responseMs: z.int(),
          points: z.int(),
          answeredAt: date,
        }),
      )
      .meta({ description: "Every answer: a live game's (`gameId`) or an attempt's (`attemptId`)." }),
  }),
);
export const inviteInfo = schemaOf<Classes.InviteInfo>()(z.object({ className: z.string(), instructorName: z.string(), selfJoin: z.boolean() }));
export const studentCredentials = schemaOf<Classes.StudentCredentials>()(
  z.object({
    token: z.string().meta({ description: 'The student token: send it as `Authorization: Bearer <token>` and in `player:join`.' }),
    recoveryCode: recoveryCodeText,
    recoveryCodeSetAt: nullableDate.meta({ description: 'When this recovery code was made; `GET /api/student/me` tells when the current one was, so a browser knows when its code was replaced.' }),
    member: z.object({ id, name: z.string() }),
    class: z.object({ id, name: z.string() }),
  }),
);
export const studentIdentity = schemaOf<Classes.StudentIdentity>()(
  z.object({
    memberId: id,
    name: z.string(),
    classId: id,
    className: z.string(),
    archived: z.boolean(),
    recoveryCodeSetAt: nullableDate.meta({ description: "When the member's current recovery code was made (another device's \"New code\", the instructor's cards or new code): a browser holding an older code knows it no longer works. Null: none yet." }),
  }),
);
/** `POST /api/student/recovery-code`. */
export const recoveryCode = z.object({ recoveryCode: recoveryCodeText, recoveryCodeSetAt: date });

// ---------- analytics (README, Analytics: the definitions these descriptions repeat) ----------

const count = z.int().min(0);
const fraction = z.number().min(0).max(1);
const accuracy = fraction
  .nullable()
  .meta({ description: 'Correct answers / answers given (a question left to time out is not an answer), 0-1; null where there is nothing to count.' });
const averageResponseMs = z.int().min(0).nullable().meta({ description: 'Mean response time of the answers given, rounded to a whole millisecond; null without answers.' });
const domainRef = { domainId: z.string(), number: z.int(), title: z.string(), examWeightPercent: z.number().meta({ description: "The domain's share of the exam in percent (0 for \"Other services\")." }) };

export const gameReport = schemaOf<Analytics.GameReport>()(
  z
    .object({
      game: z.object({ ...gameFields, playerCount: count.meta({ description: 'Players in play at the end: those who left or were removed by the host are left out.' }), questionCount: count }),
      summary: z.object({ answered: count, correct: count, accuracy, averageResponseMs }),
      questions: z
        .array(
          z.object({
            position: z.int().min(0),
            number: z.int().min(1).meta({ description: '1-based, as the class saw it.' }),
            questionId: z.string(),
            topicId: z.string(),
            domainId: z.string(),
            type: z.string(),
            prompt: z.string(),
            skipped: z.boolean().meta({ description: 'The host skipped it: nobody scored, streaks stayed, and no answers are kept (answered 0, accuracy null).' }),
            answered: count,
            correct: count,
            accuracy,
            averageResponseMs,
            mostChosenWrong: z
              .object({ option: z.int().min(0).meta({ description: 'Index in bank order.' }), text: z.string(), count })
              .nullable()
              .meta({ description: 'The wrong option the most answers included, the lower one on a tie (bank order; for "choose two" every chosen wrong option counts); null when no wrong option was chosen.' }),
          }),
        )
        .meta({ description: 'Hardest first: lowest accuracy; equal accuracy in quiz order; questions without one (skipped, or nobody answered) last, in quiz order.' }),
      topics: z
        .array(z.object({ topicId: z.string(), title: z.string(), domainId: z.string(), questions: count, answered: count, correct: count, accuracy }))
        .meta({ description: 'Weakest first.' }),
      domains: z.array(z.object({ ...domainRef, answered: count, correct: count, accuracy })).meta({ description: 'In exam order.' }),
      students: z
        .array(
          z.object({
            playerId: id,
            nickname: z.string(),
            score: z.int(),
            rank: z.int().min(1).meta({ description: "The game's rule: score, then lower total response time, then who joined first." }),
            answered: count,
            correct: count,
            accuracy,
            averageResponseMs,
            missedTopics: z
              .array(z.object({ topicId: z.string(), title: z.string(), wrong: z.int().min(1) }))
              .meta({ description: 'Topics with at least one wrong answer, most wrong answers first.' }),
          }),
        )
        .meta({ description: 'In rank order; players who left or were removed by the host are left out.' }),
    })
    .meta({ id: 'GameReport' }),
);

const topicRef = {
  topicId: z.string(),
  title: z.string(),
  position: z.int().meta({ description: "The topic's place in its domain's curriculum." }),
  domainId: z.string(),
  domainNumber: z.int(),
  domainTitle: z.string(),
  examWeightPercent: domainRef.examWeightPercent,
  questionCount: count.meta({ description: 'Questions the instructor can use in this topic (not archived).' }),
};
const topicMastery = schemaOf<Analytics.TopicMastery>()(
  z
    .object({
      ...topicRef,
      games: count.meta({ description: 'Games in the period with answers on this topic.' }),
      attempts: z.int().min(1),
      correct: count,
      accuracy: fraction.meta({ description: 'correct / attempts.' }),
      recentAccuracy: fraction.meta({ description: "Accuracy in the topic's `trendGames` most recent games of the period." }),
      earlierAccuracy: fraction.nullable().meta({ description: 'Accuracy in its earlier games; null when there are none.' }),
      trend: z.number().min(-1).max(1).nullable().meta({ description: 'recentAccuracy - earlierAccuracy; null until the topic was played in more than `trendGames` games.' }),
      priority: z.number().min(0).meta({ description: "(1 - accuracy) x the domain's exam weight in percent (0-22): weakest first sorts by it, then by lower accuracy." }),
      lastPlayedAt: date,
    })
    .meta({ id: 'TopicMastery' }),
);
export const masteryView = schemaOf<Analytics.MasteryView>()(
  z
    .object({
      period: z.object({ from: nullableDate, to: nullableDate }).meta({ description: 'Games started in [from, to); null: no bound. A game counts at its start time.' }),
      sources,
      trendGames: z.int().min(1).meta({ description: 'How many of a topic\'s most recent games the trend compares with the earlier ones (3).' }),
      gameCount: count.meta({ description: 'Games and attempts (assignments, simulations) with answers.' }),
      answerCount: count,
      topics: z.array(topicMastery).meta({ description: 'Every practised topic, weakest first (topics of "Other services", weight 0, come last).' }),
      domains: z
        .array(
          z.object({
            ...domainRef,
            attempts: count,
            correct: count,
            accuracy,
            topicCount: count,
            practisedTopicCount: count,
            coverage: fraction.nullable().meta({ description: "Share of the domain's topics practised in the period." }),
            topics: z.array(topicMastery).meta({ description: 'Practised topics, weakest first.' }),
          }),
        )
        .meta({ description: 'In exam order.' }),
      neverPractised: z.array(z.object(topicRef)).meta({ description: 'Curriculum topics without a single answer in the period, in curriculum order.' }),
      heatMap: z
        .object({
          domains: z.array(
            z.object({
              domainId: z.string(),
              number: z.int(),
              title: z.string(),
              cells: z.array(z.object({ topicId: z.string(), title: z.string(), position: z.int(), attempts: count, accuracy })).meta({ description: 'One per curriculum topic, in curriculum order; accuracy null when unpractised.' }),
            }),
          ),
        })
        .meta({ description: 'Domains in exam order (rows), their topics (columns).' }),
    })
    .meta({ id: 'MasteryView' }),
);

const estimate = fraction.nullable();
export const readiness = schemaOf<Readiness>()(
  z
    .object({
      estimate: estimate.meta({ description: 'Expected share of exam questions answered correctly (0-1); null when no weighted domain has 5 answers.' }),
      low: estimate.meta({ description: 'The 90 % band: estimate - 1.645 standard deviations, clipped to 0-1.' }),
      high: estimate.meta({ description: 'estimate + 1.645 standard deviations, clipped to 0-1.' }),
      tooFewAnswers: z.array(z.string()).meta({ description: 'Weighted domains with fewer than 5 answers (ids, exam order).' }),
      domains: z
        .array(
          z.object({
            domainId: z.string(),
            examWeightPercent: z.number(),
            attempts: count,
            correct: count,
            estimate: estimate.meta({ description: 'Posterior mean (1 + correct) / (2 + answers); null with fewer than 5 answers.' }),
            low: estimate,
            high: estimate,
            tooFewAnswers: z.boolean(),
          }),
        )
        .meta({ description: 'The six weighted exam domains ("Other services" does not count).' }),
      method: z.object({ prior: z.tuple([z.number(), z.number()]).meta({ description: 'Beta(a, b) prior: [1, 1].' }), minDomainAnswers: z.int(), band: z.literal('90%') }),
    })
    .meta({ id: 'Readiness', description: 'Exam readiness (README, Exam readiness): a Beta-binomial per domain, weighted by the exam weights.' }),
);

export const classMatrix = schemaOf<ClassAnalytics.ClassMatrix>()(
  z.object({
    classId: id,
    sources,
    domains: z.array(z.object(domainRef)).meta({ description: 'The columns, in exam order.' }),
    students: z
      .array(
        z.object({
          memberId: id,
          name: z.string(),
          externalId: z.string().nullable(),
          games: count,
          attempts: count,
          correct: count,
          accuracy,
          cells: z.array(z.object({ domainId: z.string(), attempts: count, correct: count, accuracy })).meta({ description: 'One per domain, in the order of `domains`.' }),
          readiness,
        }),
      )
      .meta({ description: 'Most ready first (no estimate last), then by name.' }),
  }),
);

export const studentMastery = schemaOf<ClassAnalytics.StudentMastery>()(
  z
    .object({
      member: z.object({ id, name: z.string(), externalId: z.string().nullable() }),
      class: z.object({ id, name: z.string() }),
      mastery: masteryView,
      readiness,
      recentGames: z
        .array(
          z.object({
            gameId: id,
            title: z.string(),
            playedAt: date,
            nickname: z.string(),
            score: z.int(),
            rank: z.int().min(1).meta({ description: 'Among the players still in the game at the end: by score, then lower total response time.' }),
            players: z.int().min(1),
            answered: count,
            correct: count,
          }),
        )
        .meta({ description: 'Most recent first.' }),
    })
    .meta({ id: 'StudentMastery' }),
);

// ---------- assignments and exam simulations (docs/assignments.md) ----------

const percent = z.number().min(0).max(100);
const remainingMs = z.int().min(0).nullable();
const endedBy = z.enum(['submitted', 'time-up', 'closed']).nullable().meta({ description: 'How the attempt ended; null while in progress.' });
const questionType = z.enum(['single', 'multiple', 'truefalse']);
const assignmentSource = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('quiz'), quizId: id.nullable().meta({ description: 'Null once the quiz is deleted (the assignment keeps its questions).' }) }),
    z.object({ kind: z.enum(['blueprint', 'examMix', 'weakest']), count: z.int().min(1) }),
    z.object({ kind: z.literal('simulation') }),
  ])
  .meta({ description: 'Where the questions come from.' });

const assignmentFields = {
  id,
  classId: id,
  title: z.string(),
  source: assignmentSource,
  kind: attemptKind,
  feedback: z.enum(['each', 'end']).meta({ description: '`each`: right or wrong after each answer; `end`: once the attempt is over.' }),
  questionTimeLimitSec: z.int().min(1).nullable().meta({ description: 'Per-question timer; null: none.' }),
  questionCount: z.int().min(1).meta({ description: 'Questions per attempt (75 for a simulation).' }),
  opensAt: date,
  closesAt: nullableDate,
  createdAt: date,
  status: z.enum(['upcoming', 'open', 'closed']).meta({ description: "By the server's clock." }),
};
export const assignment = schemaOf<Assignments.Assignment>()(
  z
    .object({
      ...assignmentFields,
      memberIds: z.array(id).nullable().meta({ description: 'Null: every member of the class.' }),
      assigned: count.meta({ description: 'Members it is for.' }),
      started: count,
      finished: count,
      averagePercent: percent.nullable().meta({ description: 'Mean percent of the finished attempts; null before the first.' }),
    })
    .meta({ id: 'Assignment' }),
);
export const assignmentList = z.object({ assignments: z.array(assignment) });
export const assignmentDetail = schemaOf<Assignments.AssignmentDetail>()(
  assignment.extend({
    students: z.array(
      z.object({
        memberId: id,
        name: z.string(),
        externalId: z.string().nullable(),
        status: z.enum(['not-started', 'in-progress', 'finished']),
        endedBy,
        answered: count,
        questionCount: count,
        correct: count.nullable().meta({ description: 'Once finished.' }),
        percent: percent.nullable(),
        scaledScore: z.int().nullable().meta({ description: 'Simulations, once finished: the estimate on the 100-1000 scale.' }),
        startedAt: nullableDate,
        finishedAt: nullableDate,
        timeSpentMs: z.int().min(0).nullable().meta({ description: 'Finished: start to end; in progress: so far.' }),
      }),
    ),
  }),
);

const attemptSummaryShape = z.object({
  id,
  kind: attemptKind,
  assignmentId: id.nullable().meta({ description: 'Null for a simulation the student started themselves.' }),
  title: z.string(),
  state: z.enum(['in-progress', 'submitted']),
  endedBy,
  questionCount: z.int().min(1),
  answered: count,
  correct: count.nullable(),
  percent: percent.nullable(),
  scaledScore: z.int().nullable(),
  startedAt: date,
  submittedAt: nullableDate,
});
const attemptSummary = schemaOf<Assignments.AttemptSummary>()(attemptSummaryShape.meta({ id: 'AttemptSummary', description: 'Score fields are null until the student may see them.' }));
export const studentAssignments = schemaOf<Assignments.StudentAssignments>()(
  z.object({
    assignments: z
      .array(z.object({ ...assignmentFields, attempt: attemptSummary.nullable() }))
      .meta({ description: 'Work set for this student, most recently opened first, with their attempt (null before they start).' }),
    simulations: z.object({
      selfStart: z.boolean().meta({ description: 'The class lets the student start a simulation (`POST /api/student/simulations`).' }),
      attempts: z.array(attemptSummary).meta({ description: 'Simulations they started themselves.' }),
    }),
  }),
);

const feedback = z
  .object({ correct: z.boolean(), answer: z.array(z.int().min(0)), explanation: z.string() })
  .meta({ id: 'Feedback', description: 'The key and explanation: only once the student may see them.' });
export const attemptQuestion = schemaOf<Assignments.AttemptQuestion>()(
  z
    .object({
      position: z.int().min(0),
      questionId: z.string(),
      type: questionType,
      choose: z.int().min(1).meta({ description: 'How many options to choose.' }),
      prompt: z.string(),
      options: z.array(z.string()),
      chosen: z.array(z.int()).nullable().meta({ description: 'What is stored for this item; null: not answered.' }),
      flagged: z.boolean(),
      remainingMs: remainingMs.meta({ description: "Per-question timer: ms left on the server's clock; null without a timer." }),
      feedback: feedback.nullable(),
    })
    .meta({ id: 'AttemptQuestion' }),
);
export const attempt = schemaOf<Assignments.Attempt>()(
  attemptSummaryShape
    .extend({
      feedback: assignmentFields.feedback,
      questionTimeLimitSec: assignmentFields.questionTimeLimitSec,
      remainingMs: remainingMs.meta({ description: 'Until the attempt ends (its deadline or the closing time); null when it has none or is over.' }),
      deadlineAt: nullableDate.meta({ description: "A simulation's end: 180 minutes after its start." }),
      position: z.int().min(0).nullable().meta({ description: 'The item the student is on; null once over.' }),
      readingFeedback: z
        .int()
        .min(0)
        .nullable()
        .meta({ description: "`feedback: each`: the answered item whose feedback the student reads before going on; the current item's clock starts when it is read (`GET …/questions/:position`). Null otherwise." }),
      items: z.array(z.object({ position: z.int().min(0), answered: z.boolean(), flagged: z.boolean(), correct: z.boolean().nullable() })),
      question: attemptQuestion.nullable().meta({ description: 'The current item, without its key until the student may see it.' }),
    })
    .meta({ id: 'Attempt' }),
);
export const answerAck = schemaOf<Assignments.AnswerAck>()(
  z.object({
    ok: z.literal(true),
    position: z.int().min(0),
    chosen: z.array(z.int()),
    answeredAt: date.meta({ description: 'When it was stored: the acknowledgement comes after.' }),
    feedback: feedback.nullable().meta({ description: '`feedback: each` only.' }),
    attempt,
  }),
);
export const attemptResult = schemaOf<Assignments.AttemptResult>()(
  attemptSummaryShape
    .omit({ correct: true, percent: true, scaledScore: true })
    .extend({
      correct: count,
      percent,
      timeSpentMs: z.int().min(0),
      domains: z
        .array(
          z.object({
            domainId: z.string(),
            title: z.string(),
            examWeightPercent: z.number(),
            questions: count,
            sharePercent: percent.meta({ description: "The domain's share of the attempt's questions." }),
            correct: count,
            percent,
          }),
        )
        .meta({ description: 'Against the exam weights, in exam order.' }),
      scaledScore: z
        .object({
          estimate: z.int().min(100).max(1000),
          passMark: z.literal(750),
          passed: z.boolean(),
          rawPassPercent: percent,
          approximate: z.literal(true),
          method: z.string(),
        })
        .nullable()
        .meta({ description: 'Simulations: an estimate on the 100-1000 scale, an approximation (docs/assignments.md).' }),
      review: z
        .array(
          z.object({
            position: z.int().min(0),
            questionId: z.string(),
            topicId: z.string(),
            domainId: z.string(),
            type: questionType,
            prompt: z.string(),
            options: z.array(z.string()),
            chosen: z.array(z.int()).nullable(),
            correct: z.boolean(),
            answer: z.array(z.int().min(0)),
            explanation: z.string(),
            flagged: z.boolean(),
          }),
        )
        .meta({ description: 'Every question with its key and explanation.' }),
    })
    .meta({ id: 'AttemptResult' }),
);
