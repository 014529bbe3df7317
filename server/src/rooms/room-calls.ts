import type { Ack, AttachedAck, HostCommand, JoinedAck, PlayersPage, RejoinedAck } from '../protocol.ts';
import { refusal, type ClassMemberRef, type StateMark } from '../game/index.ts';
import type { LiveRoom } from './live-room.ts';

/** What a node may ask of a room for a client, here or on the room's owner (over the bus). */
export type RoomCall =
  /** `members`: the class identities the student's browser holds (checked by the transport's use case). */
  | { type: 'join'; nickname: string; deviceId?: string; members?: ClassMemberRef[] }
  | { type: 'rejoin'; token: string }
  | { type: 'answer'; playerId: string; questionIndex: number; choices: number[] }
  | { type: 'leave'; playerId: string }
  | { type: 'playerConnected'; playerId: string }
  | { type: 'playerDisconnected'; playerId: string }
  | { type: 'attachHost'; instructorId: string; counted: boolean; have?: string }
  | { type: 'hostDetached' }
  | { type: 'hostPlayers'; offset: number; limit: number }
  | { type: 'hostCommand'; command: HostCommand; at?: StateMark }
  | { type: 'kick'; playerIds: string[] }
  | { type: 'setLocked'; locked: boolean };

/** The answer to each call. */
type Results = {
  join: Ack<JoinedAck>;
  rejoin: Ack<RejoinedAck>;
  answer: Ack<{ questionIndex: number }>;
  leave: Ack;
  playerConnected: null;
  playerDisconnected: null;
  attachHost: Ack<AttachedAck>;
  hostDetached: null;
  hostPlayers: Ack<PlayersPage>;
  hostCommand: Ack;
  kick: Ack;
  setLocked: Ack;
};
export type RoomResult<C extends RoomCall> = Results[C['type']];

const NONE = null;

/** Runs a call on a room this node owns. */
export async function callRoom<C extends RoomCall>(room: LiveRoom, call: C): Promise<RoomResult<C>> {
  return (await dispatch(room, call)) as RoomResult<C>;
}

async function dispatch(room: LiveRoom, call: RoomCall): Promise<Results[RoomCall['type']]> {
  switch (call.type) {
    case 'join':
      return room.join(call.nickname, call.deviceId, call.members);
    case 'rejoin':
      return room.rejoin(call.token);
    case 'answer':
      return room.answer(call.playerId, call.questionIndex, call.choices);
    case 'leave':
      return room.leave(call.playerId);
    case 'playerConnected':
      room.playerConnected(call.playerId);
      return NONE;
    case 'playerDisconnected':
      room.playerDisconnected(call.playerId);
      return NONE;
    case 'attachHost':
      return room.attachHost(call.instructorId, call.counted, call.have);
    case 'hostDetached':
      room.hostDetached();
      return NONE;
    case 'hostPlayers':
      return room.hostPlayers(call);
    case 'hostCommand':
      return room.hostCommand(call.command, call.at);
    case 'kick':
      return room.kick(call.playerIds);
    case 'setLocked':
      return room.setLocked(call.locked);
  }
}

const REPORTS = new Set<RoomCall['type']>(['playerConnected', 'playerDisconnected', 'hostDetached']);

/** The answer when the room's owner cannot be reached: a refusal to retry, or nothing for a report. */
export function unreachable<C extends RoomCall>(call: C): RoomResult<C> {
  const answer = REPORTS.has(call.type) ? NONE : refusal('STORAGE_UNAVAILABLE', 'This game cannot be reached right now. Please try again.');
  return answer as RoomResult<C>;
}

const CALL_TYPES = new Set<string>(['join', 'rejoin', 'answer', 'leave', 'playerConnected', 'playerDisconnected', 'attachHost', 'hostDetached', 'hostPlayers', 'hostCommand', 'kick', 'setLocked']);

/** Whether a call that came over the bus names a known call (its fields were checked by the sender's edge). */
export function isRoomCall(value: unknown): value is RoomCall {
  return typeof value === 'object' && value !== null && CALL_TYPES.has((value as { type?: unknown }).type as string);
}
