export type {
  AnswerCommand,
  AnswerRecord,
  BatchResult,
  ClassMemberRef,
  Command,
  ErrorCode,
  GameError,
  GameEvent,
  GameQuestion,
  GameSettings,
  GameState,
  JoinCommand,
  Phase,
  Player,
  QuestionType,
  RankedPlayer,
  Result,
  StateMark,
} from './types.ts';
export { DEFAULT_SETTINGS } from './settings.ts';
export { READING_SEC_MAX, readingTimeMs } from './reading.ts';
export { GAME_ERROR_CODES, refusal } from './errors.ts';
export { createGame } from './create-game.ts';
export { reduce, reduceAnswers, reduceJoins } from './engine.ts';
export { lastRankedPosition, rankPlayers } from './ranking.ts';
export { activePlayers } from './roster.ts';
export { classMemberOf, seatOfMember } from './roster-commands.ts';
export { withStoredAnswers, type StoredAnswer } from './stored-answers.ts';
export { DEFAULT_ROOM_CAPACITY } from './roster-commands.ts';
export { BASE_POINTS, isCorrectChoice, pointsForCorrect, scoreAnswer, streakBonusFor } from './scoring.ts';
export { choiceCount, isValidChoice } from './choices.ts';
export { NICKNAME_MAX_LENGTH, cleanNickname, nicknameKey, nicknameKeys } from './nickname.ts';
export * from './views.ts';
export { playerUpdate, playerView, type OwnStanding, type PlayerUpdate, type PlayerView } from './player-view.ts';
export { hostPlayers, hostView, rosterEntries, rosterEntry, type HostPlayer, type HostView, type HostViewContext, type RosterEntry } from './host-view.ts';
