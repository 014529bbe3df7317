import type { GameState } from '../game/index.ts';

/**
 * The top-level fields of `next` that are not those of `base`, when its players are still those
 * of `base` (a phase change, a pause, a lock); null when a player changed, or a field went away:
 * then the state is stored whole. States are never mutated, so an unchanged entry is the same
 * object.
 */
export function changedFields(base: GameState, next: GameState): Record<string, unknown> | null {
  if (!samePlayers(base.players, next.players)) return null;
  const fields: Record<string, unknown> = {};
  for (const key in base) if (next[key as keyof GameState] === undefined && base[key as keyof GameState] !== undefined) return null;
  for (const key in next) {
    const value = next[key as keyof GameState];
    if (key !== 'players' && value !== base[key as keyof GameState]) fields[key] = value;
  }
  return fields;
}

function samePlayers(base: GameState['players'], next: GameState['players']): boolean {
  if (base === next) return true;
  for (const id in base) if (!(id in next)) return false;
  for (const id in next) if (next[id] !== base[id]) return false;
  return true;
}
