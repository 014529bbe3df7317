import { rankPlayers } from './ranking.ts';
import { activePlayers } from './roster.ts';
import type { GameSettings, GameState, Phase, Player } from './types.ts';
import { answerProgress, leaderboardView, podiumView, questionView, revealView, type AnswerProgress, type LeaderboardView, type PodiumView, type QuestionView, type RevealView } from './views.ts';

/** A player in the host's roster: sent in full when the host attaches, then as changes (RosterChanges). */
export type RosterEntry = { id: string; nickname: string; connected: boolean; joinedMsAgo: number | null };

/** A player with their standing, in the pages of the roster the host asks for. `answered`: the current question (false in the lobby). */
export type HostPlayer = RosterEntry & { score: number; answered: boolean };

/**
 * The host's screen (the projector): the game, and no correct answer before the reveal. Its size
 * does not grow with the room: who is in comes as a roster (RosterEntry) and its changes.
 */
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
  /** The open question as players see it. */
  question: QuestionView | null;
  progress: AnswerProgress | null;
  reveal: (RevealView & { topicId: string; questionId: string }) | null;
  leaderboard: LeaderboardView | null;
  podium: PodiumView | null;
};

/** Which room the view is of. */
export type HostViewContext = { code: string; gameId: string; title: string };

export function hostView(state: GameState, room: HostViewContext, nowMs: number): HostView {
  const s = state;
  const reveal = revealView(s);
  const current = s.questions[s.index];
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
    question: s.phase === 'lobby' || s.phase === 'podium' ? null : questionView(s, nowMs),
    progress: s.phase === 'question' ? answerProgress(s) : null,
    reveal: reveal && current ? { ...reveal, topicId: current.topicId, questionId: current.id } : null,
    leaderboard: s.phase === 'reveal' || s.phase === 'leaderboard' ? leaderboardView(s) : null,
    podium: s.phase === 'podium' ? podiumView(s) : null,
  };
}

/** Whether a player has a connection to the room right now (the room knows, the engine does not). */
type Connected = (playerId: string) => boolean;

export function rosterEntry(player: Player, connected: Connected, nowMs: number): RosterEntry {
  // Players of rooms saved before join times were kept have none.
  const joinedMsAgo = player.joinedAt === undefined ? null : Math.max(0, nowMs - player.joinedAt);
  return { id: player.id, nickname: player.nickname, connected: connected(player.id), joinedMsAgo };
}

/** Every player in play, in joining order: what a host gets when it attaches. */
export function rosterEntries(state: GameState, connected: Connected, nowMs: number): RosterEntry[] {
  return activePlayers(state).map((player) => rosterEntry(player, connected, nowMs));
}

/** One page of the players in play, in joining order, with their scores and whether they answered the current question. */
export function hostPlayers(state: GameState, connected: Connected, nowMs: number, page: { offset: number; limit: number }): { total: number; players: HostPlayer[] } {
  const active = activePlayers(state);
  const scores = new Map(rankPlayers(state).map((r) => [r.playerId, r.score]));
  const players = active.slice(page.offset, page.offset + page.limit).map((player) => ({
    ...rosterEntry(player, connected, nowMs),
    score: scores.get(player.id) ?? 0,
    answered: state.index in player.answers,
  }));
  return { total: active.length, players };
}
