import type { GameState, Player } from '../game/index.ts';

/**
 * What a room's state changed since a snapshot stored before: the top-level fields that are not
 * the same any more, the players to store whole (new ones), and for the others only the fields
 * and answers that changed. Applied over that very snapshot it gives `next` again.
 */
export type SnapshotChange = {
  fields: Record<string, unknown>;
  newPlayers: Record<string, Player>;
  playerFields: Record<string, Record<string, unknown>>;
  /** The players whose fields changed (their scores are stored with the snapshot). */
  changed: Player[];
};

type Entries = Record<string, unknown>;

/**
 * The entries of `next` that are not those of `base` (states are never mutated: same entry, same
 * object); null if one of `base`'s went away (JSON drops an undefined one too).
 */
function changedEntries(base: Entries, next: Entries): Entries | null {
  for (const key in base) if (next[key] === undefined && base[key] !== undefined) return null;
  const changed: Entries = {};
  for (const key in next) if (next[key] !== base[key]) changed[key] = next[key];
  return changed;
}

/** The change from `base` to `next`, or null when it is not one a merge can apply (a field or a player removed): store `next` whole. */
export function snapshotChange(base: GameState, next: GameState): SnapshotChange | null {
  const { players: basePlayers, ...baseRest } = base;
  const { players: nextPlayers, ...nextRest } = next;
  const fields = changedEntries(baseRest, nextRest);
  if (!fields) return null;
  const newPlayers: Record<string, Player> = {};
  const playerFields: Record<string, Entries> = {};
  const changed: Player[] = [];
  for (const id in basePlayers) if (!(id in nextPlayers)) return null;
  for (const id in nextPlayers) {
    const player = nextPlayers[id]!;
    const before = basePlayers[id];
    if (player === before) continue;
    changed.push(player);
    if (!before) {
      newPlayers[id] = player;
      continue;
    }
    const { answers: beforeAnswers, ...beforeRest } = before;
    const { answers, ...rest } = player;
    const playerChange = changedEntries(beforeRest, rest);
    const answersChange = changedEntries(beforeAnswers, answers);
    if (!playerChange || !answersChange) return null;
    playerFields[id] = Object.keys(answersChange).length ? { ...playerChange, answers: answersChange } : playerChange;
  }
  return { fields, newPlayers, playerFields, changed };
}
