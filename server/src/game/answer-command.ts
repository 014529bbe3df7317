import { choiceCount, isValidChoice } from './choices.ts';
import { fail } from './errors.ts';
import { closeQuestion } from './question-flow.ts';
import { allActiveAnswered, withPlayer } from './roster.ts';
import { scoreAnswer } from './scoring.ts';
import { toBankOrder } from './shuffle.ts';
import type { AnswerRecord, GameEvent, GameState, Result } from './types.ts';

/**
 * A player answers the current question (first answer wins). The answer is scored now but
 * counts toward the totals at the close; when it is the last active player's answer, the
 * question closes in the same command.
 */
export function answer(
  state: GameState,
  playerId: string,
  questionIndex: number,
  choices: number[],
  nowMs: number,
): Result {
  if (state.phase !== 'question') return fail('WRONG_PHASE', 'No question is open.');
  const player = state.players[playerId];
  if (!player) return fail('UNKNOWN_PLAYER', 'No such player.');
  if (player.kicked) return fail('PLAYER_KICKED', 'This player has been removed from the game.');
  if (questionIndex !== state.index) return fail('STALE_QUESTION', 'This answer is for another question.');
  if (state.deadline === null) return fail('PAUSED', 'The question is paused.');
  if (nowMs >= state.deadline) return fail('TIME_UP', 'Time is up for this question.');
  if (state.index in player.answers) return fail('ALREADY_ANSWERED', 'This question is already answered.');
  const question = state.questions[state.index]!;
  if (!isValidChoice(question, choices)) {
    return fail('INVALID_CHOICE', `Pick exactly ${choiceCount(question)} different option(s).`);
  }

  const chosen = toBankOrder(state.optionOrder[state.index]!, choices);
  const responseMs = Math.max(0, nowMs - state.questionStartedAt! - state.pausedTotalMs);
  const score = scoreAnswer({ question, chosen, responseMs, streakBefore: player.streak, settings: state.settings });
  const record: AnswerRecord = { questionIndex, chosen, responseMs, ...score };
  const answered = withPlayer(state, { ...player, answers: { ...player.answers, [questionIndex]: record } });
  const events: GameEvent[] = [{ type: 'answerAccepted', playerId, questionIndex, answer: record }];

  if (!allActiveAnswered(answered)) return { ok: true, state: answered, events };
  const closed = closeQuestion(answered);
  return { ok: true, state: closed.state, events: [...events, ...closed.events] };
}
