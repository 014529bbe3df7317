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
  return ranking(state).list.slice();
}

/** A player's 1-based rank, or 0 when the player is not ranked (kicked or unknown). */
export function rankOf(state: GameState, playerId: string): number {
  return ranking(state).rankById.get(playerId) ?? 0;
}

type Ranking = { list: readonly RankedPlayer[]; rankById: ReadonlyMap<string, number> };

/**
 * A state's ranking, computed once per state. States are never changed once made, so the
 * ranking of one cannot change either; the per-player views of a room (one per player, each
 * with the player's rank) would otherwise sort the whole room once per player.
 */
const rankings = new WeakMap<GameState, Ranking>();

function ranking(state: GameState): Ranking {
  const known = rankings.get(state);
  if (known) return known;
  const list = activePlayers(state)
    .sort(compare)
    .map((player, i): RankedPlayer =>
      Object.freeze({
        playerId: player.id,
        nickname: player.nickname,
        score: player.score,
        rank: i + 1,
        correctCount: player.correctCount,
        totalResponseMs: player.totalResponseMs,
      }),
    );
  const computed: Ranking = { list, rankById: new Map(list.map((ranked) => [ranked.playerId, ranked.rank])) };
  rankings.set(state, computed);
  return computed;
}

/**
 * The position of the last question whose reveal ranked the players in play now: -1 in the
 * lobby, the one before while a question is open. A player who goes out of play now was ranked
 * by the reveals up to it (skipped questions have none).
 */
export function lastRankedPosition(state: Pick<GameState, 'phase' | 'index'>): number {
  if (state.phase === 'lobby') return -1;
  return state.phase === 'question' ? state.index - 1 : state.index;
}
