/**
 * What the analytics API answers, as types without a runtime import: the web client reads them
 * too (through `Json<…>`), so this file must never import anything.
 */

export type OwnGame = {
  id: string;
  title: string;
  roomCode: string;
  status: 'lobby' | 'running' | 'ended';
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
};

/**
 * After class: how one game went. Accuracy is correct answers / answers given (a question a
 * student let time run out on is not an answer); it is null where nobody answered.
 */
export type GameReport = {
  game: OwnGame & { playerCount: number; questionCount: number };
  summary: { answered: number; correct: number; accuracy: number | null; averageResponseMs: number | null };
  /** Hardest first: lowest accuracy, unanswered questions last, then in game order. */
  questions: QuestionReport[];
  /** Weakest first. */
  topics: { topicId: string; title: string; domainId: string; questions: number; answered: number; correct: number; accuracy: number | null }[];
  /** In exam order. */
  domains: { domainId: string; number: number; title: string; examWeightPercent: number; answered: number; correct: number; accuracy: number | null }[];
  /** By rank. */
  students: StudentReport[];
};

export type QuestionReport = {
  position: number;
  /** 1-based, as the class saw it. */
  number: number;
  questionId: string;
  topicId: string;
  domainId: string;
  type: string;
  prompt: string;
  /** The host skipped it: nobody scored and streaks stayed (no answers are kept). */
  skipped: boolean;
  answered: number;
  correct: number;
  accuracy: number | null;
  averageResponseMs: number | null;
  /** The wrong option most answers included (bank order), or null when no wrong option was chosen. */
  mostChosenWrong: { option: number; text: string; count: number } | null;
};

export type StudentReport = {
  playerId: string;
  nickname: string;
  score: number;
  rank: number;
  answered: number;
  correct: number;
  accuracy: number | null;
  averageResponseMs: number | null;
  /** Topics with at least one wrong answer, most wrong answers first. */
  missedTopics: { topicId: string; title: string; wrong: number }[];
};

export type TopicMasteryRow = {
  topicId: string;
  title: string;
  position: number;
  domainId: string;
  domainNumber: number;
  domainTitle: string;
  examWeightPercent: number;
  /** Questions the instructor can use in this topic (not archived). */
  questionCount: number;
  /** Games in the period with answers on this topic. */
  games: number;
  attempts: number;
  correct: number;
  /** Answers in the `recentGames` most recent of those games, and the answers before them. */
  recentAttempts: number;
  recentCorrect: number;
  earlierAttempts: number;
  earlierCorrect: number;
  lastPlayedAt: Date | null;
};


/**
 * One practised topic. accuracy = correct / attempts. trend = accuracy in the topic's
 * TREND_GAMES most recent games (of the period) minus accuracy in its earlier games; null until
 * the topic has been played in more than TREND_GAMES games. priority = (1 - accuracy) x the
 * domain's exam weight in percent (0-22): a weak topic of a heavy domain comes first.
 */
export type TopicMastery = Omit<TopicMasteryRow, 'recentAttempts' | 'recentCorrect' | 'earlierAttempts' | 'earlierCorrect' | 'lastPlayedAt'> & {
  accuracy: number;
  recentAccuracy: number;
  earlierAccuracy: number | null;
  trend: number | null;
  priority: number;
  /** A practised topic was played, so this is never null here. */
  lastPlayedAt: Date;
};

export type UnpractisedTopic = Pick<
  TopicMastery,
  'topicId' | 'title' | 'position' | 'domainId' | 'domainNumber' | 'domainTitle' | 'examWeightPercent' | 'questionCount'
>;

export type DomainMastery = {
  domainId: string;
  number: number;
  title: string;
  examWeightPercent: number;
  attempts: number;
  correct: number;
  accuracy: number | null;
  topicCount: number;
  practisedTopicCount: number;
  /** Share of the domain's topics practised in the period. */
  coverage: number | null;
  /** Practised topics, weakest first. */
  topics: TopicMastery[];
};

/** Rows are domains in exam order, columns the domain's topics in curriculum order. */
export type HeatMap = {
  domains: {
    domainId: string;
    number: number;
    title: string;
    cells: { topicId: string; title: string; position: number; attempts: number; accuracy: number | null }[];
  }[];
};

export type MasteryView = {
  period: { from: Date | null; to: Date | null };
  /** The answers' sources counted: `live`, `assignment`, `simulation`. */
  sources: ('live' | 'assignment' | 'simulation')[];
  trendGames: number;
  /** Games and attempts (assignments, simulations) with answers. */
  gameCount: number;
  answerCount: number;
  /** Every practised topic, weakest first. */
  topics: TopicMastery[];
  domains: DomainMastery[];
  /** Curriculum topics without a single answer in the period, in curriculum order. */
  neverPractised: UnpractisedTopic[];
  heatMap: HeatMap;
};


/** Where a review quiz's questions came from (question ids). */
export type ReviewMix = {
  /** Questions the class got wrong, most missed first. */
  missed: string[];
  /** Questions this instructor's classes have never been asked. */
  unseen: string[];
  /** Asked before and never missed: only used when the other two run out. */
  seen: string[];
};

/** A review quiz saved and its lobby opened. */
export type ReviewGame = {
  quizId: string;
  gameId: string;
  code: string;
  /** The topics reviewed, weakest first, and where each question came from. */
  topics: string[];
  composition: ReviewMix;
};

/** `POST /api/analytics/review`: the review game and where students join it. */
export type OpenedReview = ReviewGame & { joinUrl: string };
