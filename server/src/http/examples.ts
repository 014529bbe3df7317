/** Example values of the API's answers, shared by the route tables (a test checks each against its schema). */
import type { PublicInstructor } from '../auth/account-types.ts';
import type { QuestionDetail } from '../banks/bank-types.ts';
import type { ClassDetail, MemberSummary, StudentCard } from '../classes/class-types.ts';
import type { GameReport, MasteryView, OpenedReview, TopicMastery } from '../analytics/analytics-types.ts';
import type { ClassMatrix, StudentMastery } from '../analytics/class-analytics-types.ts';
import { examReadiness } from '../analytics/readiness.ts';
import type { QuizView } from '../quizzes/quiz-types.ts';
import type { AnswerAck, Assignment, AssignmentDetail, Attempt, AttemptQuestion, AttemptResult, AttemptSummary, StudentAssignments } from '../assignments/assignment-types.ts';
import { estimateScaledScore } from '../assignments/scoring.ts';

export const at = new Date('2026-09-14T08:30:00.000Z');
export const later = new Date('2026-09-21T08:30:00.000Z');
export const IDS = {
  instructor: '6f1c2a4e-8b3d-4c57-9e21-0a7b5d3c9f10',
  quiz: '0b9f8e7d-6c5b-4a39-8271-605f4e3d2c1b',
  game: '4d2e6f80-1a3b-4c5d-8e7f-9a0b1c2d3e4f',
  class: 'a3c5e7f9-1b2d-4f60-8a9c-0e1f2a3b4c5d',
  member: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
  player: '9e8d7c6b-5a49-4837-a625-14f3e2d1c0b9',
  session: '2a4c6e80-9b1d-4f3e-a5c7-e9f1b3d5a7c9',
  assignment: '7c1e3a5b-2d4f-4a6c-8e0b-1f3d5b7a9c2e',
  attempt: 'e5f7a9b1-c3d5-4e7f-9a1b-3c5d7e9f1a2b',
} as const;

export const instructor: PublicInstructor = { id: IDS.instructor, email: 'ada@example.edu', name: 'Ada Lovelace', role: 'admin' };

export const question: QuestionDetail = {
  id: 'sdlc.codebuild.001',
  topicId: 'sdlc.codebuild',
  domainId: 'sdlc',
  type: 'single',
  style: 'quick',
  prompt: 'Which file tells CodeBuild how to run a build?',
  options: ['buildspec.yml', 'appspec.yml', 'template.yaml'],
  choose: 1,
  answer: [0],
  explanation: 'CodeBuild reads its build commands from buildspec.yml at the root of the source.',
  difficulty: 1,
  timeLimitSec: 20,
  source: 'seed',
  mine: false,
  archived: false,
};

export const quiz: QuizView = {
  id: IDS.quiz,
  title: 'Week 3: CI/CD',
  shuffleOptions: false,
  createdAt: at,
  updatedAt: at,
  questions: [
    { position: 0, questionId: question.id, timeLimitSec: 20, readingSec: null, doublePoints: false, prompt: question.prompt, type: 'single', topicId: 'sdlc.codebuild', domainId: 'sdlc', difficulty: 1 },
  ],
};

export const member: MemberSummary = {
  id: IDS.member,
  name: 'Grace H',
  externalId: 's-1024',
  origin: 'roster',
  devices: 1,
  recoveryCodeSetAt: at,
  createdAt: at,
  lastSeenAt: later,
  games: 3,
  answers: 42,
};

export const classDetail: ClassDetail = {
  id: IDS.class,
  name: 'DOP-C02 autumn cohort',
  startsOn: '2026-09-14',
  endsOn: '2026-12-18',
  selfJoin: true,
  selfSimulations: false,
  archivedAt: null,
  createdAt: at,
  memberCount: 1,
  gameCount: 3,
  inviteUrl: 'http://192.168.1.20:3000/c/Hk3vJ9qLm2xP8sT4wYz6Aa',
  members: [member],
};

export const card: StudentCard = {
  memberId: IDS.member,
  name: 'Grace H',
  externalId: 's-1024',
  recoveryCode: 'K7QMP-4TXR9',
  url: 'http://192.168.1.20:3000/student/recover#K7QMP-4TXR9',
};

export const openedReview: OpenedReview = {
  quizId: IDS.quiz,
  gameId: IDS.game,
  code: 'K7QMPX',
  joinUrl: 'http://192.168.1.20:3000/join/K7QMPX',
  topics: ['sdlc.codebuild'],
  composition: { missed: ['sdlc.codebuild.001'], unseen: ['sdlc.codebuild.002'], seen: [] },
};

// ---------- analytics: one short game of two questions, two students (Grace and Alan) ----------

const ended = new Date('2026-09-14T08:52:00.000Z');
const sdlc = { domainId: 'sdlc', number: 1, title: 'SDLC Automation', examWeightPercent: 22 };
const codebuild = { topicId: 'sdlc.codebuild', title: 'AWS CodeBuild – Overview', position: 9 };
const codecommit = { topicId: 'sdlc.codecommit', title: 'AWS CodeCommit', position: 1 };
const codedeploy = { topicId: 'sdlc.codedeploy', title: 'AWS CodeDeploy – Overview, Agent, Deployment Configurations and Triggers', position: 13 };

export const gameReport: GameReport = {
  game: { id: IDS.game, title: 'Week 3: CI/CD', roomCode: 'K7QMPX', status: 'ended', createdAt: at, startedAt: at, endedAt: ended, playerCount: 2, questionCount: 2 },
  summary: { answered: 4, correct: 3, accuracy: 0.75, averageResponseMs: 5150 },
  questions: [
    {
      position: 1,
      number: 2,
      questionId: question.id,
      topicId: codebuild.topicId,
      domainId: 'sdlc',
      type: 'single',
      prompt: question.prompt,
      skipped: false,
      answered: 2,
      correct: 1,
      accuracy: 0.5,
      averageResponseMs: 6200,
      mostChosenWrong: { option: 1, text: 'appspec.yml', count: 1 },
    },
    {
      position: 0,
      number: 1,
      questionId: 'sdlc.codecommit.003',
      topicId: codecommit.topicId,
      domainId: 'sdlc',
      type: 'truefalse',
      prompt: 'CodeCommit repositories are encrypted at rest by default.',
      skipped: false,
      answered: 2,
      correct: 2,
      accuracy: 1,
      averageResponseMs: 4100,
      mostChosenWrong: null,
    },
  ],
  topics: [
    { topicId: codebuild.topicId, title: codebuild.title, domainId: 'sdlc', questions: 1, answered: 2, correct: 1, accuracy: 0.5 },
    { topicId: codecommit.topicId, title: codecommit.title, domainId: 'sdlc', questions: 1, answered: 2, correct: 2, accuracy: 1 },
  ],
  domains: [{ ...sdlc, answered: 4, correct: 3, accuracy: 0.75 }],
  students: [
    { playerId: IDS.player, nickname: 'Grace H', score: 1830, rank: 1, answered: 2, correct: 2, accuracy: 1, averageResponseMs: 3900, missedTopics: [] },
    {
      playerId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
      nickname: 'Alan T',
      score: 880,
      rank: 2,
      answered: 2,
      correct: 1,
      accuracy: 0.5,
      averageResponseMs: 6400,
      missedTopics: [{ topicId: codebuild.topicId, title: codebuild.title, wrong: 1 }],
    },
  ],
};

const topicFields = { domainId: 'sdlc', domainNumber: 1, domainTitle: sdlc.title, examWeightPercent: 22 };
const weakTopic: TopicMastery = {
  ...codebuild,
  ...topicFields,
  questionCount: 14,
  games: 1,
  attempts: 2,
  correct: 1,
  accuracy: 0.5,
  recentAccuracy: 0.5,
  earlierAccuracy: null,
  trend: null,
  priority: 11,
  lastPlayedAt: at,
};
const strongTopic: TopicMastery = { ...weakTopic, ...codecommit, questionCount: 12, correct: 2, accuracy: 1, recentAccuracy: 1, priority: 0 };

/** The mastery view of that game, with the curriculum cut to three of its topics. */
export const masteryView: MasteryView = {
  period: { from: new Date('2026-09-01T00:00:00.000Z'), to: null },
  sources: ['live', 'assignment', 'simulation'],
  trendGames: 3,
  gameCount: 1,
  answerCount: 4,
  topics: [weakTopic, strongTopic],
  domains: [{ ...sdlc, attempts: 4, correct: 3, accuracy: 0.75, topicCount: 3, practisedTopicCount: 2, coverage: 2 / 3, topics: [weakTopic, strongTopic] }],
  neverPractised: [{ ...codedeploy, ...topicFields, questionCount: 16 }],
  heatMap: {
    domains: [
      {
        domainId: 'sdlc',
        number: 1,
        title: sdlc.title,
        cells: [
          { ...codecommit, attempts: 2, accuracy: 1 },
          { ...codebuild, attempts: 2, accuracy: 0.5 },
          { ...codedeploy, attempts: 0, accuracy: null },
        ],
      },
    ],
  },
};

const examDomains = [
  sdlc,
  { domainId: 'config-iac', number: 2, title: 'Configuration Management and IaC', examWeightPercent: 17 },
  { domainId: 'resilience', number: 3, title: 'Resilient Cloud Solutions', examWeightPercent: 15 },
  { domainId: 'monitoring', number: 4, title: 'Monitoring and Logging', examWeightPercent: 15 },
  { domainId: 'incident-response', number: 5, title: 'Incident and Event Response', examWeightPercent: 14 },
  { domainId: 'security', number: 6, title: 'Security and Compliance', examWeightPercent: 17 },
  { domainId: 'other', number: 7, title: 'Other Services', examWeightPercent: 0 },
];
/** Grace's answers per domain over the term: [attempts, correct]. */
const graceAnswers: Record<string, [number, number]> = { sdlc: [12, 9], 'config-iac': [8, 5], resilience: [6, 5], monitoring: [3, 2], 'incident-response': [0, 0], security: [5, 4], other: [1, 1] };
const cells = examDomains.map(({ domainId }) => {
  const [attempts, correct] = graceAnswers[domainId]!;
  return { domainId, attempts, correct, accuracy: attempts ? correct / attempts : null };
});
const graceReadiness = examReadiness(cells.map((cell, i) => ({ ...cell, examWeightPercent: examDomains[i]!.examWeightPercent })));

export const classMatrix: ClassMatrix = {
  classId: IDS.class,
  sources: ['live', 'assignment', 'simulation'],
  domains: examDomains,
  students: [{ memberId: IDS.member, name: 'Grace H', externalId: 's-1024', games: 3, attempts: 35, correct: 26, accuracy: 26 / 35, cells, readiness: graceReadiness }],
};

export const studentMastery: StudentMastery = {
  member: { id: IDS.member, name: 'Grace H', externalId: 's-1024' },
  class: { id: IDS.class, name: classDetail.name },
  mastery: { ...masteryView, period: { from: null, to: null } },
  readiness: graceReadiness,
  recentGames: [{ gameId: IDS.game, title: 'Week 3: CI/CD', playedAt: at, nickname: 'Grace H', score: 1830, rank: 1, players: 2, answered: 2, correct: 2 }],
};

// ---------- assignments and exam simulations ----------

const due = new Date('2026-09-28T22:00:00.000Z');
/** CI/CD homework: two questions from a saved quiz, right or wrong after each, 60 seconds a question. */
export const assignment: Assignment = {
  id: IDS.assignment,
  classId: IDS.class,
  title: 'CI/CD homework',
  source: { kind: 'quiz', quizId: IDS.quiz },
  kind: 'practice',
  feedback: 'each',
  questionTimeLimitSec: 60,
  questionCount: 2,
  memberIds: null,
  opensAt: later,
  closesAt: due,
  createdAt: at,
  status: 'open',
  assigned: 1,
  started: 1,
  finished: 0,
  averagePercent: null,
};

export const assignmentDetail: AssignmentDetail = {
  ...assignment,
  students: [
    {
      memberId: IDS.member,
      name: 'Grace H',
      externalId: 's-1024',
      status: 'in-progress',
      endedBy: null,
      answered: 1,
      questionCount: 2,
      correct: null,
      percent: null,
      scaledScore: null,
      startedAt: later,
      finishedAt: null,
      timeSpentMs: 14_000,
    },
  ],
};

const answeredAt = new Date(later.getTime() + 14_000);
const attemptSummary: AttemptSummary = {
  id: IDS.attempt,
  kind: 'practice',
  assignmentId: IDS.assignment,
  title: assignment.title,
  state: 'in-progress',
  endedBy: null,
  questionCount: 2,
  answered: 1,
  correct: null,
  percent: null,
  scaledScore: null,
  startedAt: later,
  submittedAt: null,
};

const { memberIds: _m, assigned: _a, started: _s, finished: _f, averagePercent: _p, ...assignedWork } = assignment;
export const studentAssignments: StudentAssignments = {
  assignments: [{ ...assignedWork, attempt: attemptSummary }],
  simulations: { selfStart: false, attempts: [] },
};

/** The second question of the homework, on screen for 20 of its 60 seconds. */
export const attemptQuestion: AttemptQuestion = {
  position: 1,
  questionId: 'sdlc.codedeploy.004',
  type: 'single',
  choose: 1,
  prompt: 'Which file tells CodeDeploy what to do on each instance?',
  options: ['buildspec.yml', 'appspec.yml', 'template.yaml'],
  chosen: null,
  flagged: false,
  remainingMs: 40_000,
  feedback: null,
};

export const attempt: Attempt = {
  ...attemptSummary,
  feedback: 'each',
  questionTimeLimitSec: 60,
  remainingMs: due.getTime() - answeredAt.getTime(),
  deadlineAt: null,
  position: 1,
  readingFeedback: null,
  items: [
    { position: 0, answered: true, flagged: false, correct: true },
    { position: 1, answered: false, flagged: false, correct: null },
  ],
  question: attemptQuestion,
};

export const answerAck: AnswerAck = {
  ok: true,
  position: 0,
  chosen: [0],
  answeredAt,
  feedback: { correct: true, answer: [0], explanation: question.explanation },
  attempt: { ...attempt, readingFeedback: 0, question: { ...attemptQuestion, remainingMs: 60_000 } },
};

/** A 75-question exam simulation, submitted with 56 right. */
export const simulationResult: AttemptResult = {
  id: IDS.attempt,
  kind: 'simulation',
  assignmentId: null,
  title: 'Exam simulation',
  state: 'submitted',
  endedBy: 'submitted',
  questionCount: 75,
  answered: 75,
  correct: 56,
  percent: 74.7,
  startedAt: later,
  submittedAt: new Date(later.getTime() + 151 * 60_000),
  timeSpentMs: 151 * 60_000,
  domains: [{ domainId: 'sdlc', title: sdlc.title, examWeightPercent: 22, questions: 17, sharePercent: 22.7, correct: 13, percent: 76.5 }],
  scaledScore: estimateScaledScore(56, 75),
  review: [
    {
      position: 0,
      questionId: question.id,
      topicId: question.topicId,
      domainId: question.domainId,
      type: 'single',
      prompt: question.prompt,
      options: question.options,
      chosen: [0],
      correct: true,
      answer: question.answer,
      explanation: question.explanation,
      flagged: false,
    },
  ],
};
