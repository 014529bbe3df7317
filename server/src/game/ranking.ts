import { activePlayers } from './roster.ts';
import type { GameState, Player, RankedPlayer } from './types.ts';

function compare(a: Player, b: Player): number {
  return b.score - a.score || a.totalResponseMs - b.totalResponseMs || a.joinedSeq - b.joinedSeq;
}

/**
 * Active players best first: score descending, then the faster total response time, then the
 * earlier joiner. Kicked players are not ranked. Ranks are 1-based and distinct.
 */
export function rankPlayers(state: GameState): RankedPlayer[] {
  return activePlayers(state)
    .sort(compare)
    .map((player, i) => ({
      playerId: player.id,
      nickname: player.nickname,
      score: player.score,
      rank: i + 1,
      correctCount: player.correctCount,
      totalResponseMs: player.totalResponseMs,
    }));
}

/** A player's 1-based rank, or 0 when the player is not ranked (kicked or unknown). */
export function rankOf(state: GameState, playerId: string): number {
  return rankPlayers(state).find((ranked) => ranked.playerId === playerId)?.rank ?? 0;
}
