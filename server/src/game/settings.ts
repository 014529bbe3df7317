import type { GameSettings } from './types.ts';

/** Settings used when the host leaves them out. */
export const DEFAULT_SETTINGS: Omit<GameSettings, 'seed'> = {
  streakBonus: true,
  accuracyOnly: false,
  podiumSize: 3,
  showLeaderboard: true,
  shuffleOptions: false,
};

/** Fills the host's partial settings with the defaults. */
export function resolveSettings(settings: Partial<GameSettings> & { seed: number }): GameSettings {
  return { ...DEFAULT_SETTINGS, ...settings };
}
