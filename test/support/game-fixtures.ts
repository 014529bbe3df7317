import { reduce, type Command, type GameQuestion, type GameState } from '../../server/src/game/index.ts';

/** A three-option single-answer question (B is right), 20 s, with any field overridden. */
export function singleQuestion(overrides: Partial<GameQuestion> = {}): GameQuestion {
  return {
    id: 'sdlc.codecommit.001',
    topicId: 'sdlc.codecommit',
    type: 'single',
    prompt: 'Which option?',
    options: ['A', 'B', 'C'],
    answer: [1],
    explanation: 'B because.',
    timeLimitMs: 20_000,
    doublePoints: false,
    ...overrides,
  };
}

/** Question `n` of a game (id `sdlc.codecommit.00n`, prompt "Question n?"), otherwise like `singleQuestion`. */
export function numberedQuestion(n: number, overrides: Partial<GameQuestion> = {}): GameQuestion {
  return singleQuestion({ id: `sdlc.codecommit.${String(n).padStart(3, '0')}`, prompt: `Question ${n}?`, ...overrides });
}

/** Runs a command that must be accepted and returns the new state. */
export function apply(state: GameState, command: Command, nowMs = 0): GameState {
  const result = reduce(state, command, nowMs);
  if (!result.ok) throw new Error(`${command.type} refused: ${result.error.code}`);
  return result.state;
}

/** The error code a command is refused with, or 'accepted'. */
export function refusal(state: GameState, command: Command, nowMs = 0): string {
  const result = reduce(state, command, nowMs);
  return result.ok ? 'accepted' : result.error.code;
}
