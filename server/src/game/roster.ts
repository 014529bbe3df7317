import type { GameState, Player } from './types.ts';

/**
 * The active list per players record. A record is never changed once made (every update makes
 * a new one), so its list cannot change either; the per-player views of a big room would
 * otherwise rebuild and sort it once per player.
 */
const activeLists = new WeakMap<GameState['players'], readonly Player[]>();

function activeList(state: GameState): readonly Player[] {
  const known = activeLists.get(state.players);
  if (known) return known;
  const list = Object.values(state.players)
    .filter((player) => !player.kicked)
    .sort((a, b) => a.joinedSeq - b.joinedSeq);
  activeLists.set(state.players, list);
  return list;
}

/** Players still in play (not kicked), in joining order. */
export function activePlayers(state: GameState): Player[] {
  return activeList(state).slice();
}

export function activePlayerCount(state: GameState): number {
  return activeList(state).length;
}

/** A copy of the state with one player replaced. */
export function withPlayer(state: GameState, player: Player): GameState {
  return { ...state, players: { ...state.players, [player.id]: player } };
}

/** A copy of the state with every player passed through `update`. */
export function mapPlayers(state: GameState, update: (player: Player) => Player): GameState {
  const players: Record<string, Player> = {};
  for (const [id, player] of Object.entries(state.players)) players[id] = update(player);
  return { ...state, players };
}
