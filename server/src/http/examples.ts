/** Example values of the API's answers, shared by the route tables (a test checks each against its schema). */
import type { PublicInstructor } from '../auth/account-types.ts';
import type { QuestionDetail } from '../banks/bank-types.ts';
import type { ClassDetail, MemberSummary, StudentCard } from '../classes/class-types.ts';
import type { OpenedReview } from '../analytics/analytics-types.ts';
import type { QuizView } from '../quizzes/quiz-types.ts';

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
  recoveryCode: 'K7QM-4TXP-9WRD',
  url: 'http://192.168.1.20:3000/student/recover#K7QM-4TXP-9WRD',
};

export const openedReview: OpenedReview = {
  quizId: IDS.quiz,
  gameId: IDS.game,
  code: 'K7QMPX',
  joinUrl: 'http://192.168.1.20:3000/join/K7QMPX',
  topics: ['sdlc.codebuild'],
  composition: { missed: ['sdlc.codebuild.001'], unseen: ['sdlc.codebuild.002'], seen: [] },
};
