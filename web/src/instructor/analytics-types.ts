/** JSON shapes of the analytics API (see README "Analytics"). Ratios are 0-1, null when nothing was counted. */
export type GameReport = {
  game: { id: string; title: string; roomCode: string; status: string; createdAt: string; startedAt: string | null; playerCount: number; questionCount: number };
  summary: { answered: number; correct: number; accuracy: number | null; averageResponseMs: number | null };
  questions: {
    number: number;
    questionId: string;
    topicId: string;
    prompt: string;
    answered: number;
    correct: number;
    accuracy: number | null;
    averageResponseMs: number | null;
    mostChosenWrong: { option: number; text: string; count: number } | null;
  }[];
  topics: { topicId: string; title: string; domainId: string; answered: number; correct: number; accuracy: number | null }[];
  domains: { domainId: string; number: number; title: string; answered: number; correct: number; accuracy: number | null }[];
  students: {
    playerId: string;
    nickname: string;
    score: number;
    rank: number;
    answered: number;
    correct: number;
    accuracy: number | null;
    averageResponseMs: number | null;
    missedTopics: { topicId: string; title: string; wrong: number }[];
  }[];
};

export type TopicMastery = {
  topicId: string;
  title: string;
  domainId: string;
  domainNumber: number;
  domainTitle: string;
  examWeightPercent: number;
  games: number;
  attempts: number;
  accuracy: number;
  trend: number | null;
  priority: number;
};

export type MasteryView = {
  gameCount: number;
  answerCount: number;
  trendGames: number;
  topics: TopicMastery[];
  domains: { domainId: string; number: number; title: string; accuracy: number | null; coverage: number | null; topicCount: number; practisedTopicCount: number }[];
  neverPractised: { topicId: string; title: string; domainNumber: number; domainTitle: string }[];
  heatMap: { domains: { domainId: string; number: number; title: string; cells: { topicId: string; title: string; attempts: number; accuracy: number | null }[] }[] };
};

export const percent = (ratio: number | null) => (ratio === null ? '—' : `${Math.round(ratio * 100)}%`);
export const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);

/** Background for an accuracy cell; the percentage is always printed too. */
export function accuracyColour(accuracy: number | null): { background: string; color: string } {
  if (accuracy === null) return { background: '#e3e7ec', color: '#4a5260' };
  if (accuracy < 0.5) return { background: '#b3122e', color: '#fff' };
  if (accuracy < 0.7) return { background: '#e07b00', color: '#14181f' };
  if (accuracy < 0.85) return { background: '#f2d24b', color: '#14181f' };
  return { background: '#2e8b47', color: '#fff' };
}
