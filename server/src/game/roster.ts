import type { GameState, Player } from './types.ts';

/** Players still in play (not kicked), in joining order. */
export function activePlayers(state: GameState): Player[] {
  return Object.values(state.players)
    .filter((player) => !player.kicked)
    .sort((a, b) => a.joinedSeq - b.joinedSeq);
}

/** Whether every active player has answered the current question (true when there are none). */
export function allActiveAnswered(state: GameState): boolean {
  return activePlayers(state).every((player) => state.index in player.answers);
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
