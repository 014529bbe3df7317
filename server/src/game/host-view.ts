import { rankPlayers } from './ranking.ts';
import { activePlayers } from './roster.ts';
import type { GameSettings, GameState, Phase } from './types.ts';
import { answerProgress, leaderboardView, podiumView, questionView, revealView, type AnswerProgress, type LeaderboardView, type PodiumView, type QuestionView, type RevealView } from './views.ts';

/** The host's screen (the projector): the whole room, and no correct answer before the reveal. */
export type HostView = {
  code: string;
  gameId: string;
  title: string;
  phase: Phase;
  locked: boolean;
  settings: Omit<GameSettings, 'seed'>;
  questionCount: number;
  /** Current question index, -1 in the lobby. */
  index: number;
  /**
   * Players in play. `answered`: has an answer to the current question (false in the lobby);
   * `joinedMsAgo` is null for players of rooms saved before join times were kept.
   */
  players: { id: string; nickname: string; score: number; connected: boolean; answered: boolean; joinedMsAgo: number | null }[];
  /** The open question as players see it. */
  question: QuestionView | null;
  progress: AnswerProgress | null;
  reveal: (RevealView & { topicId: string; questionId: string }) | null;
  leaderboard: LeaderboardView | null;
  podium: PodiumView | null;
};

/** Which room the view is of, and who is connected to it right now (the room knows, the engine does not). */
export type HostViewContext = { code: string; gameId: string; title: string; connected: (playerId: string) => boolean };

export function hostView(state: GameState, room: HostViewContext, nowMs: number): HostView {
  const s = state;
  const reveal = revealView(s);
  const current = s.questions[s.index];
  const scores = new Map(rankPlayers(s).map((r) => [r.playerId, r.score]));
  const { seed: _seed, ...settings } = s.settings;
  return {
    code: room.code,
    gameId: room.gameId,
    title: room.title,
    phase: s.phase,
    locked: s.locked,
    settings,
    questionCount: s.questions.length,
    index: s.index,
    players: activePlayers(s).map((p) => ({
      id: p.id,
      nickname: p.nickname,
      score: scores.get(p.id) ?? 0,
      connected: room.connected(p.id),
      answered: s.index in p.answers,
      joinedMsAgo: p.joinedAt === undefined ? null : Math.max(0, nowMs - p.joinedAt),
    })),
    question: s.phase === 'lobby' || s.phase === 'podium' ? null : questionView(s, nowMs),
    progress: s.phase === 'question' ? answerProgress(s) : null,
    reveal: reveal && current ? { ...reveal, topicId: current.topicId, questionId: current.id } : null,
    leaderboard: s.phase === 'reveal' || s.phase === 'leaderboard' ? leaderboardView(s) : null,
    podium: s.phase === 'podium' ? podiumView(s) : null,
  };
}
