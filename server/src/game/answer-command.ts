import { choiceCount, isValidChoice } from './choices.ts';
import { closeQuestion } from './question-flow.ts';
import { scoreAnswer } from './scoring.ts';
import { toBankOrder, toDisplayedOrder } from './shuffle.ts';
import type { AnswerCommand, AnswerRecord, BatchResult, GameError, GameEvent, GameState, Player } from './types.ts';

const gameError = (code: GameError['code'], message: string): GameError => ({ code, message });

function alreadyAnswered(state: GameState, record: AnswerRecord): GameError {
  const chosen = toDisplayedOrder(state.optionOrder[record.questionIndex]!, record.chosen);
  return { code: 'ALREADY_ANSWERED', message: 'This question is already answered: the first answer counts.', chosen };
}

/** Why `player` may not answer now, or their scored answer. */
function check(state: GameState, player: Player | undefined, command: AnswerCommand, nowMs: number): GameError | AnswerRecord {
  if (!player) return gameError('UNKNOWN_PLAYER', 'No such player.');
  if (player.kicked) return gameError('PLAYER_KICKED', 'This player has been removed from the game.');
  const own = player.answers[command.questionIndex];
  if (state.phase !== 'question') {
    // The question this answer was for has just closed: it came too late (or twice).
    const justClosed = command.questionIndex === state.index && (state.phase === 'reveal' || state.phase === 'leaderboard');
    if (!justClosed) return gameError('WRONG_PHASE', 'No question is open.');
    return own ? alreadyAnswered(state, own) : gameError('TIME_UP', 'Time is up for this question.');
  }
  if (command.questionIndex !== state.index) return gameError('STALE_QUESTION', 'This answer is for another question.');
  if (own) return alreadyAnswered(state, own);
  if (state.deadline === null) return gameError('PAUSED', 'The question is paused.');
  const question = state.questions[state.index]!;
  const opensAt = state.deadline - question.timeLimitMs;
  if (nowMs < opensAt) return gameError('ANSWERS_NOT_OPEN', 'Answers open once the reading time is over.');
  if (nowMs >= state.deadline) return gameError('TIME_UP', 'Time is up for this question.');
  if (!isValidChoice(question, command.choices)) {
    return gameError('INVALID_CHOICE', `Pick exactly ${choiceCount(question)} different option(s).`);
  }
  const chosen = toBankOrder(state.optionOrder[state.index]!, command.choices);
  // Counted from when answers opened; time paused does not count.
  const responseMs = Math.max(0, nowMs - opensAt);
  const score = scoreAnswer({ question, chosen, responseMs, streakBefore: player.streak, settings: state.settings });
  return { questionIndex: command.questionIndex, chosen, responseMs, ...score };
}

/**
 * How many active players have yet to answer the open question, per players record. A record
 * never changes once made (see roster.ts), and a burst knows the count of the record it makes,
 * so a big room does not count its players again for every answer.
 */
const waitingCounts = new WeakMap<GameState['players'], { index: number; waiting: number }>();

function waitingCount(state: GameState): number {
  const known = waitingCounts.get(state.players);
  if (known?.index === state.index) return known.waiting;
  let waiting = 0;
  for (const id in state.players) {
    const player = state.players[id]!;
    if (!player.kicked && !(state.index in player.answers)) waiting += 1;
  }
  waitingCounts.set(state.players, { index: state.index, waiting });
  return waiting;
}

/**
 * Answers to the current question, in order of arrival (first answer wins). Each is scored now
 * but counts toward the totals at the close; the last active player's answer closes the question,
 * and answers after it are refused as they would be a moment later.
 *
 * A class answers in bursts, so the players record is copied once per burst, not per answer.
 */
export function answerAll(state: GameState, commands: AnswerCommand[], nowMs: number): BatchResult {
  const players = { ...state.players };
  const events: GameEvent[] = [];
  const refusals: (GameError | null)[] = [];
  let waiting = state.phase === 'question' ? waitingCount(state) : 0;
  let closed: GameState | undefined;
  for (const command of commands) {
    if (closed) {
      refusals.push(check(closed, closed.players[command.playerId], command, command.atMs ?? nowMs) as GameError);
      continue;
    }
    const player = players[command.playerId];
    const verdict = check(state, player, command, command.atMs ?? nowMs);
    if ('code' in verdict) {
      refusals.push(verdict);
      continue;
    }
    players[command.playerId] = { ...player!, answers: { ...player!.answers, [state.index]: verdict } };
    events.push({ type: 'answerAccepted', playerId: command.playerId, questionIndex: state.index, answer: verdict });
    refusals.push(null);
    waiting -= 1;
    if (waiting === 0) {
      const step = closeQuestion({ ...state, players });
      closed = step.state;
      events.push(...step.events);
    }
  }
  if (closed) return { state: closed, events, refusals };
  if (state.phase === 'question') waitingCounts.set(players, { index: state.index, waiting });
  return { state: { ...state, players }, events, refusals };
}
