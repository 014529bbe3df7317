import { describe, expect, it } from 'vitest';
import { createGame, reduce } from '../../../server/src/game/index.ts';
import type { Command, GameSettings, GameState } from '../../../server/src/game/index.ts';
import { apply, numberedQuestion, refusal, singleQuestion } from '../../support/game-fixtures.ts';

const LIMIT = 20_000;

const question = (n: number) => numberedQuestion(n, { timeLimitMs: LIMIT });

function lobby(questionCount: number, settings: Partial<GameSettings> = {}, players = ['ada', 'bob']): GameState {
  let state = createGame({
    questions: Array.from({ length: questionCount }, (_, i) => question(i)),
    settings: { seed: 1, ...settings },
  });
  for (const id of players) state = apply(state, { type: 'join', playerId: id, nickname: id });
  return state;
}

/** Sends commands in order and records the phase and index after each. */
function walk(state: GameState, commands: Command[], nowMs = 0): string[] {
  return commands.map((command) => {
    state = apply(state, command, nowMs);
    return `${state.phase}:${state.index}`;
  });
}

const next: Command = { type: 'next' };

describe('starting', () => {
  it('opens question 0 with its deadline', () => {
    const result = reduce(lobby(2), { type: 'start' }, 5_000);
    expect(result.ok && result.events).toEqual([{ type: 'phaseChanged', phase: 'question', index: 0 }]);
    expect(result.ok && result.state).toMatchObject({
      phase: 'question',
      index: 0,
      questionStartedAt: 5_000,
      deadline: 5_000 + LIMIT,
      version: lobby(2).version + 1,
    });
  });

  it('needs questions and at least one active player, once', () => {
    expect(() => lobby(0)).toThrow(RangeError);
    expect(refusal(lobby(1, {}, []), { type: 'start' })).toBe('NO_PLAYERS');
    const onlyKicked = apply(lobby(1, {}, ['ada']), { type: 'kick', playerIds: ['ada'] });
    expect(refusal(onlyKicked, { type: 'start' })).toBe('NO_PLAYERS');
    expect(refusal(apply(lobby(1), { type: 'start' }), { type: 'start' })).toBe('WRONG_PHASE');
  });

  it('is the only way out of the lobby besides end', () => {
    expect(refusal(lobby(1), next)).toBe('WRONG_PHASE');
    expect(refusal(lobby(1), { type: 'timeUp' })).toBe('WRONG_PHASE');
    expect(refusal(lobby(1), { type: 'skip' })).toBe('WRONG_PHASE');
  });
});

describe('moving through the game', () => {
  it('goes question -> reveal -> leaderboard -> ... -> podium with the leaderboard on', () => {
    expect(walk(lobby(2), [{ type: 'start' }, next, next, next, next, next, next])).toEqual([
      'question:0',
      'reveal:0',
      'leaderboard:0',
      'question:1',
      'reveal:1',
      'leaderboard:1',
      'podium:1',
    ]);
  });

  it('goes reveal -> next question, and last reveal -> podium, with the leaderboard off', () => {
    expect(walk(lobby(2, { showLeaderboard: false }), [{ type: 'start' }, next, next, next, next])).toEqual([
      'question:0',
      'reveal:0',
      'question:1',
      'reveal:1',
      'podium:1',
    ]);
  });

  it('opens each question with a fresh countdown from now', () => {
    let state = apply(lobby(2), { type: 'start' }, 0);
    state = apply(apply(state, next, 3_000), next, 4_000);
    const result = reduce(state, next, 7_000);
    expect(result.ok && result.events).toEqual([{ type: 'phaseChanged', phase: 'question', index: 1 }]);
    expect(result.ok && result.state).toMatchObject({ questionStartedAt: 7_000, deadline: 7_000 + LIMIT, pausedTotalMs: 0 });
  });

  it('ends on the podium normally (not early) after the last question', () => {
    const state = apply(apply(apply(lobby(1), { type: 'start' }), next), next);
    const result = reduce(state, next, 0);
    expect(result.ok && result.events).toEqual([{ type: 'phaseChanged', phase: 'podium', index: 0 }]);
    expect(result.ok && result.state.endedEarly).toBe(false);
  });

  it('counts accepted commands in version and leaves it alone on a refusal', () => {
    const start = lobby(1);
    const started = apply(start, { type: 'start' });
    expect(started.version).toBe(start.version + 1);
    expect(reduce(started, { type: 'start' }, 0).ok).toBe(false);
    expect(started.version).toBe(start.version + 1);
  });
});

describe('closing a question', () => {
  it('happens by itself when every active player has answered', () => {
    let state = apply(lobby(2), { type: 'start' });
    state = apply(state, { type: 'answer', playerId: 'ada', questionIndex: 0, choices: [1] }, 100);
    expect(state.phase).toBe('question');
    const result = reduce(state, { type: 'answer', playerId: 'bob', questionIndex: 0, choices: [0] }, 200);
    expect(result.ok && result.events.map((e) => e.type)).toEqual(['answerAccepted', 'phaseChanged']);
    expect(result.ok && result.events[1]).toEqual({ type: 'phaseChanged', phase: 'reveal', index: 0 });
    expect(result.ok && result.state).toMatchObject({ phase: 'reveal', deadline: null });
  });

  it('does not wait for kicked players', () => {
    let state = apply(lobby(2), { type: 'start' });
    state = apply(state, { type: 'kick', playerIds: ['bob'] });
    state = apply(state, { type: 'answer', playerId: 'ada', questionIndex: 0, choices: [1] }, 100);
    expect(state.phase).toBe('reveal');
  });

  it('happens on timeUp at the deadline, not before', () => {
    const state = apply(lobby(1), { type: 'start' }, 1_000);
    expect(refusal(state, { type: 'timeUp' }, 1_000 + LIMIT - 1)).toBe('TOO_EARLY');
    const result = reduce(state, { type: 'timeUp' }, 1_000 + LIMIT);
    expect(result.ok && result.events).toEqual([{ type: 'phaseChanged', phase: 'reveal', index: 0 }]);
    expect(refusal(apply(state, { type: 'timeUp' }, 1_000 + LIMIT), { type: 'timeUp' }, 99_999)).toBe('WRONG_PHASE');
  });

  it('happens early on the host next', () => {
    expect(apply(apply(lobby(1), { type: 'start' }), next, 10).phase).toBe('reveal');
  });

  it('scores the answers and resets the streak of those who did not answer', () => {
    let state = apply(lobby(2), { type: 'start' });
    state = { ...state, players: { ...state.players, bob: { ...state.players.bob!, streak: 3 } } };
    state = apply(state, { type: 'answer', playerId: 'ada', questionIndex: 0, choices: [1] }, 100);
    expect(state.players.ada).toMatchObject({ score: 0, correctCount: 0 }); // counted at the close
    state = apply(state, { type: 'timeUp' }, LIMIT);
    expect(state.players.ada).toMatchObject({ score: 1000, streak: 1, correctCount: 1, totalResponseMs: 100 });
    expect(state.players.bob).toMatchObject({ score: 0, streak: 0, answers: {} });
  });
});

describe('skipping', () => {
  it('discards the question and its answers and opens the next one', () => {
    let state = apply(lobby(2), { type: 'start' });
    state = apply(state, { type: 'answer', playerId: 'ada', questionIndex: 0, choices: [1] }, 100);
    const result = reduce(state, { type: 'skip' }, 500);
    expect(result.ok && result.events).toEqual([
      { type: 'questionSkipped', index: 0 },
      { type: 'phaseChanged', phase: 'question', index: 1 },
    ]);
    const skipped = result.ok ? result.state : state;
    expect(skipped).toMatchObject({ phase: 'question', index: 1, skipped: [0], questionStartedAt: 500 });
    expect(skipped.players.ada).toMatchObject({ score: 0, streak: 0, correctCount: 0, totalResponseMs: 0, answers: {} });
  });

  it('leaves streaks as they were, for those who answered and those who did not', () => {
    let state = apply(lobby(3), { type: 'start' });
    state = apply(state, { type: 'answer', playerId: 'ada', questionIndex: 0, choices: [1] }, 100);
    state = apply(state, { type: 'answer', playerId: 'bob', questionIndex: 0, choices: [1] }, 100);
    state = apply(apply(state, next), next); // question 1
    state = apply(state, { type: 'answer', playerId: 'ada', questionIndex: 1, choices: [0] }, 100); // wrong
    state = apply(state, { type: 'skip' }, 200); // question 2
    expect([state.players.ada!.streak, state.players.bob!.streak]).toEqual([1, 1]);
    state = apply(state, { type: 'answer', playerId: 'ada', questionIndex: 2, choices: [1] }, 300);
    expect(state.players.ada!.answers[2]!.streakBonus).toBe(100);
  });

  it('goes to the podium after the last question and only works on an open question', () => {
    const state = apply(lobby(1), { type: 'start' });
    expect(apply(state, { type: 'skip' })).toMatchObject({ phase: 'podium', skipped: [0], endedEarly: false });
    expect(refusal(apply(state, next), { type: 'skip' })).toBe('WRONG_PHASE');
  });
});

describe('ending early', () => {
  it.each([
    ['lobby', (s: GameState) => s],
    ['question', (s: GameState) => apply(s, { type: 'start' })],
    ['reveal', (s: GameState) => apply(apply(s, { type: 'start' }), next)],
    ['leaderboard', (s: GameState) => apply(apply(apply(s, { type: 'start' }), next), next)],
  ])('goes from the %s to the podium', (_phase, reach) => {
    const result = reduce(reach(lobby(2)), { type: 'end' }, 1_000);
    expect(result.ok && result.state).toMatchObject({ phase: 'podium', endedEarly: true, deadline: null });
    expect(result.ok && result.events.at(-1)).toMatchObject({ type: 'phaseChanged', phase: 'podium' });
  });

  it('counts the answers already given to the open question', () => {
    let state = apply(lobby(2), { type: 'start' });
    state = apply(state, { type: 'answer', playerId: 'ada', questionIndex: 0, choices: [1] }, 100);
    expect(apply(state, { type: 'end' }, 200).players.ada!.score).toBe(1000);
  });
});

describe('the podium', () => {
  it('refuses every command with GAME_OVER', () => {
    const over = apply(lobby(1), { type: 'end' });
    const commands: Command[] = [
      { type: 'join', playerId: 'cy', nickname: 'Cy' },
      { type: 'kick', playerIds: ['ada'] },
      { type: 'lock' },
      { type: 'unlock' },
      { type: 'start' },
      { type: 'answer', playerId: 'ada', questionIndex: 0, choices: [1] },
      { type: 'timeUp' },
      next,
      { type: 'skip' },
      { type: 'pause' },
      { type: 'resume' },
      { type: 'end' },
    ];
    for (const command of commands) expect(refusal(over, command)).toBe('GAME_OVER');
  });
});

describe('host commands carry the screen they were given on', () => {
  it('refuses a command for a state the game has left, so that a double click advances once', () => {
    let state = apply(createGame({ questions: [singleQuestion(), singleQuestion({ id: 'sdlc.codecommit.002' })], settings: { seed: 1 } }), { type: 'join', playerId: 'ada', nickname: 'Ada' });
    state = apply(state, { type: 'start', at: { index: -1, phase: 'lobby' } });
    const at = { index: 0, phase: 'question' as const };
    state = apply(state, { type: 'next', at });
    expect(state.phase).toBe('reveal');
    expect(refusal(state, { type: 'next', at })).toBe('STALE_COMMAND');
    expect(refusal(state, { type: 'start', at: { index: -1, phase: 'lobby' } })).toBe('STALE_COMMAND');
    expect(refusal(state, { type: 'next', at: { index: 0, phase: 'reveal' } })).toBe('accepted');
  });
});
