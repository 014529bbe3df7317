import { rankOf } from './ranking.ts';
import { toDisplayedOrder } from './shuffle.ts';
import type { GameState, Player } from './types.ts';
import {
  answerProgress,
  leaderboardView,
  lobbyView,
  playerResult,
  podiumView,
  questionView,
  revealView,
  type AnswerProgress,
  type LeaderboardView,
  type LobbyView,
  type PlayerResult,
  type PodiumView,
  type QuestionView,
  type RevealView,
} from './views.ts';

/** The player's own line: totals exclude the open question until its reveal. */
export type OwnStanding = { id: string; nickname: string; score: number; rank: number };

/** Everything a (re)connecting student needs to redraw the current screen. */
export type PlayerView =
  | { phase: 'lobby'; lobby: LobbyView; you: OwnStanding }
  | {
      phase: 'question';
      question: QuestionView;
      progress: AnswerProgress;
      answered: boolean;
      /** Own choices in displayed positions; empty before answering. */
      chosen: number[];
      you: OwnStanding;
    }
  | { phase: 'reveal'; question: QuestionView; reveal: RevealView; result: PlayerResult; you: OwnStanding }
  | { phase: 'leaderboard'; leaderboard: LeaderboardView; you: OwnStanding }
  | { phase: 'podium'; podium: PodiumView; you: OwnStanding }
  | { phase: 'kicked' };

/**
 * What a player is sent as the game moves on (`game:view`): the reveal leaves out the question,
 * which the player has from `game:question` (a rejoin gets the whole PlayerView).
 */
export type PlayerUpdate = Exclude<PlayerView, { phase: 'reveal' }> | Omit<Extract<PlayerView, { phase: 'reveal' }>, 'question'>;

/** The player's screen for the phase the game moved to, without what they were sent already. */
export function playerUpdate(state: GameState, playerId: string, nowMs: number): PlayerUpdate | null {
  const view = playerView(state, playerId, nowMs);
  if (view?.phase !== 'reveal') return view;
  const { question: _sent, ...update } = view;
  return update;
}

function ownStanding(state: GameState, player: Player): OwnStanding {
  return { id: player.id, nickname: player.nickname, score: player.score, rank: rankOf(state, player.id) };
}

/**
 * The current screen for one player, or null for an unknown player. Before the reveal it holds
 * no correct answer and no explanation.
 */
export function playerView(state: GameState, playerId: string, nowMs: number): PlayerView | null {
  const player = state.players[playerId];
  if (!player) return null;
  if (player.kicked) return { phase: 'kicked' };
  const you = ownStanding(state, player);
  switch (state.phase) {
    case 'lobby':
      return { phase: 'lobby', lobby: lobbyView(state), you };
    case 'question': {
      const record = player.answers[state.index];
      return {
        phase: 'question',
        question: questionView(state, nowMs)!,
        progress: answerProgress(state),
        answered: record !== undefined,
        chosen: record ? toDisplayedOrder(state.optionOrder[state.index]!, record.chosen) : [],
        you,
      };
    }
    case 'reveal':
      return {
        phase: 'reveal',
        question: questionView(state, nowMs)!,
        reveal: revealView(state)!,
        result: playerResult(state, playerId)!,
        you,
      };
    case 'leaderboard':
      return { phase: 'leaderboard', leaderboard: leaderboardView(state), you };
    case 'podium':
      return { phase: 'podium', podium: podiumView(state), you };
  }
}
