import { resolveSettings } from './settings.ts';
import { optionOrderFor } from './shuffle.ts';
import type { GameQuestion, GameSettings, GameState } from './types.ts';

/**
 * A new game in the lobby, with at least one question. Questions are trusted (validated by the bank loader); the option
 * order of every question is fixed here from the seed.
 */
export function createGame(input: {
  questions: GameQuestion[];
  settings?: Partial<GameSettings> & { seed: number };
  /** Most players in play at once. */
  capacity?: number;
}): GameState {
  if (input.questions.length === 0) throw new RangeError('a game needs at least one question');
  const settings = resolveSettings(input.settings ?? { seed: 0 });
  return {
    version: 0,
    phase: 'lobby',
    settings,
    questions: input.questions,
    optionOrder: input.questions.map((question, index) => optionOrderFor(question, index, settings)),
    index: -1,
    questionStartedAt: null,
    deadline: null,
    pausedRemainingMs: null,
    pausedAt: null,
    pausedBy: null,
    pausedTotalMs: 0,
    locked: false,
    ...(input.capacity ? { capacity: input.capacity } : {}),
    players: {},
    nextJoinSeq: 0,
    skipped: [],
    endedEarly: false,
  };
}
