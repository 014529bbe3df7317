/**
 * What the assignment and attempt routes answer, as types without a runtime import: the web
 * client reads them too (through `Json<…>`), so this file must never import anything.
 */

export type AssignmentStatus = 'upcoming' | 'open' | 'closed';

export type WeightedDomain = { domainId: string; title: string; examWeightPercent: number };
/** A domain's part of a result: its questions (and their share of the attempt) against its exam weight. */
export type DomainScore = WeightedDomain & { questions: number; sharePercent: number; correct: number; percent: number };

/** The estimated score on the exam's 100-1000 scale: an approximation (docs/assignments.md). */
export type ScaledScore = {
  estimate: number;
  passMark: 750;
  passed: boolean;
  rawPassPercent: number;
  approximate: true;
  method: string;
};

export type AttemptKind = 'practice' | 'simulation';
export type FeedbackMode = 'each' | 'end';
export type EndedBy = 'submitted' | 'time-up' | 'closed';
export type QuestionType = 'single' | 'multiple' | 'truefalse';

export type AssignmentSourceView =
  | { kind: 'quiz'; quizId: string | null }
  | { kind: 'blueprint' | 'examMix' | 'weakest'; count: number }
  | { kind: 'simulation' };

export type Assignment = {
  id: string;
  classId: string;
  title: string;
  source: AssignmentSourceView;
  kind: AttemptKind;
  feedback: FeedbackMode;
  questionTimeLimitSec: number | null;
  /** Questions per attempt (75 for a simulation). */
  questionCount: number;
  /** null: every member of the class. */
  memberIds: string[] | null;
  opensAt: Date;
  closesAt: Date | null;
  createdAt: Date;
  status: AssignmentStatus;
  /** Members it is for, their started attempts, their finished attempts. */
  assigned: number;
  started: number;
  finished: number;
  /** Mean percent of the finished attempts (null before the first). */
  averagePercent: number | null;
};

export type StudentProgressRow = {
  memberId: string;
  name: string;
  externalId: string | null;
  status: 'not-started' | 'in-progress' | 'finished';
  endedBy: EndedBy | null;
  answered: number;
  questionCount: number;
  /** Once finished. */
  correct: number | null;
  percent: number | null;
  /** Simulations, once finished. */
  scaledScore: number | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Finished: start to end; in progress: so far. */
  timeSpentMs: number | null;
};

export type AssignmentDetail = Assignment & { students: StudentProgressRow[] };

export type AttemptSummary = {
  id: string;
  kind: AttemptKind;
  assignmentId: string | null;
  title: string;
  state: 'in-progress' | 'submitted';
  endedBy: EndedBy | null;
  questionCount: number;
  answered: number;
  correct: number | null;
  percent: number | null;
  scaledScore: number | null;
  startedAt: Date;
  submittedAt: Date | null;
};

export type StudentAssignment = Omit<Assignment, 'memberIds' | 'assigned' | 'started' | 'finished' | 'averagePercent'> & {
  attempt: AttemptSummary | null;
};

export type StudentAssignments = {
  assignments: StudentAssignment[];
  simulations: { selfStart: boolean; attempts: AttemptSummary[] };
};

export type Feedback = { correct: boolean; answer: number[]; explanation: string };

export type AttemptQuestion = {
  position: number;
  questionId: string;
  type: QuestionType;
  /** How many options to choose. */
  choose: number;
  prompt: string;
  options: string[];
  /** What is stored for this item (null: not answered). */
  chosen: number[] | null;
  flagged: boolean;
  /** Per-question timer: ms left on the server's clock (null without a timer). */
  remainingMs: number | null;
  /** Only when it may be shown: answered in `each` mode, or after the attempt. */
  feedback: Feedback | null;
};

export type AttemptItemState = { position: number; answered: boolean; flagged: boolean; correct: boolean | null };

export type Attempt = AttemptSummary & {
  feedback: FeedbackMode;
  questionTimeLimitSec: number | null;
  /** Until the attempt's end (deadline or closing time); null when it has none or is submitted. */
  remainingMs: number | null;
  deadlineAt: Date | null;
  /** The item the student is on; null once submitted. */
  position: number | null;
  /** `each` mode: the answered item whose feedback the student reads before going on (the current item's clock has not started); else null. */
  readingFeedback: number | null;
  items: AttemptItemState[];
  question: AttemptQuestion | null;
};

export type AnswerAck = {
  ok: true;
  position: number;
  chosen: number[];
  answeredAt: Date;
  /** `each` mode only. */
  feedback: Feedback | null;
  attempt: Attempt;
};

export type ReviewItem = {
  position: number;
  questionId: string;
  topicId: string;
  domainId: string;
  type: QuestionType;
  prompt: string;
  options: string[];
  chosen: number[] | null;
  correct: boolean;
  answer: number[];
  explanation: string;
  flagged: boolean;
};

export type AttemptResult = Omit<AttemptSummary, 'correct' | 'percent' | 'scaledScore'> & {
  correct: number;
  percent: number;
  timeSpentMs: number;
  domains: DomainScore[];
  scaledScore: ScaledScore | null;
  review: ReviewItem[];
};
