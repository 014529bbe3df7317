import { streakBonusFor } from './scoring.ts';
import type { AnswerRecord, GameState } from './types.ts';

/** An answer to the open question as the game's record holds it (choices in bank order). */
export type StoredAnswer = { playerId: string; chosen: readonly number[]; correct: boolean; responseMs: number; points: number };

/**
 * Puts answers to the open question that the record holds back on their players: after a
 * restart or a takeover, the record may hold answers the state it started from does not. A
 * player who has an answer in the state keeps it.
 */
export function withStoredAnswers(state: GameState, answers: readonly StoredAnswer[]): GameState {
  if (!answers.length || state.phase !== 'question') return state;
  const players = { ...state.players };
  for (const row of answers) {
    const player = players[row.playerId];
    if (!player || player.answers[state.index]) continue;
    const record: AnswerRecord = {
      questionIndex: state.index,
      chosen: row.chosen,
      responseMs: row.responseMs,
      correct: row.correct,
      points: row.points,
      streakBonus: row.correct ? streakBonusFor(player.streak, state.settings.streakBonus) : 0,
    };
    players[player.id] = { ...player, answers: { ...player.answers, [state.index]: record } };
  }
  return { ...state, players };
}
