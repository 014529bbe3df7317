import { reduce, reduceAnswers, reduceJoins, refusal, type BatchResult, type Command, type GameEvent, type GameState } from '../game/index.ts';
import type { Ack, ErrorCode, JoinedAck } from '../protocol.ts';
import type { AnswerRecordRow } from './game-recorder.ts';
import type { RoomDurability } from './room-durability.ts';
import { RoomStoreUnavailable } from './room-store.ts';

type Refusal = { ok: false; error: { code: ErrorCode; message: string } };
const STORAGE_DOWN = (): Refusal => refusal('STORAGE_UNAVAILABLE', 'Could not save right now. Please try again.');
const MOVED = (): Refusal => refusal('STORAGE_UNAVAILABLE', 'This game moved to another server. Please try again.');

export type PendingJoin = { playerId: string; nickname: string; deviceId?: string; token: string; hash: string; resolve: (ack: Ack<JoinedAck>) => void };
export type PendingAnswer = { playerId: string; questionIndex: number; choices: number[]; resolve: (ack: Ack<{ questionIndex: number }>) => void };

/** A durable step, ready to become the room's state. */
export type Step = { state: GameState; events: GameEvent[] };

/**
 * Whether a step goes out before it is stored. A question that opens carries nothing that could
 * be lost (no answer, no score: a restart before it is stored resumes at the step before, and the
 * host opens it again), and a big room would otherwise wait for the whole snapshot to be written.
 */
function announcesFirst(previous: GameState, next: GameState): boolean {
  return next.phase === 'question' && (previous.phase !== 'question' || previous.index !== next.index);
}

/** The engine's verdict on commands that arrived together: refused ones are answered at once. */
function settle<P extends { resolve: (ack: Refusal) => void }>(batch: P[], outcome: BatchResult) {
  const accepted: P[] = [];
  batch.forEach((pending, i) => {
    const refused = outcome.refusals[i];
    if (refused) pending.resolve(refusal(refused.code, refused.message));
    else accepted.push(pending);
  });
  return { state: outcome.state, events: outcome.events, accepted };
}

/**
 * A room's commands from the engine's verdict to a durable step: what must survive is in the
 * game's record and the room store before the room commits the step and anyone is told. The
 * room runs one at a time; what to tell whom is the room's job.
 */
export class RoomSteps {
  constructor(
    private readonly code: string,
    private readonly durability: RoomDurability,
    private readonly now: () => number,
    private readonly log: (message: string, error?: unknown) => void,
    /** The room store's compare-and-set; false when another node owns the room (the room stops then). */
    private readonly save: (next: GameState) => Promise<boolean>,
  ) {}

  /** One command; `after` stores a step that went out first (run it once the step is committed). */
  async command(state: GameState, command: Command): Promise<{ ack: Ack; next?: Step; after?: () => Promise<void> }> {
    const result = reduce(state, command, this.now());
    if (!result.ok) return { ack: refusal(result.error.code, result.error.message) };
    const first = announcesFirst(state, result.state);
    try {
      // Written after any step still unsaved, also when this one goes out first.
      await this.durability.write(async (record) => {
        if (!first) await record.recordStep(state, result.state, result.events);
      });
      if (!(await this.save(result.state))) return { ack: MOVED() };
    } catch (error) {
      this.log(`room ${this.code}: ${command.type} not saved`, error);
      return { ack: STORAGE_DOWN() };
    }
    const after = first ? () => this.durability.storeAnnounced(() => this.durability.recorder.recordStep(state, result.state, result.events)) : undefined;
    return { ack: { ok: true }, next: result, after };
  }

  /** Joins that arrived together, stored together; `joined` are to be acknowledged once the step is committed. */
  async joins(state: GameState, batch: PendingJoin[]): Promise<{ next?: Step; joined: PendingJoin[] }> {
    const joinedAt = this.now();
    const reduced = (pending: PendingJoin[]) =>
      reduceJoins(state, pending.map(({ playerId, nickname, deviceId }) => ({ type: 'join', playerId, nickname, deviceId })), joinedAt);
    let round = settle(batch, reduced(batch));
    if (!round.accepted.length) return { joined: [] };
    const rows = round.accepted.map((p) => ({ id: p.playerId, nickname: round.state.players[p.playerId]!.nickname, rejoinTokenHash: p.hash }));
    let stored = new Set<string>();
    let saving = false;
    try {
      stored = await this.durability.writeNow((record) => record.addPlayers(rows));
      // A nickname the record already holds (a join stored but never completed) is refused on its own.
      const kept = round.accepted.filter((pending) => stored.has(pending.playerId));
      if (kept.length < round.accepted.length) {
        for (const pending of round.accepted) if (!stored.has(pending.playerId)) pending.resolve(refusal('NICKNAME_TAKEN', 'This nickname is already taken.'));
        round = settle(kept, reduced(kept));
        if (!round.accepted.length) return { joined: [] };
      }
      saving = true;
      if (!(await this.save(round.state))) {
        await this.forgetPlayers(stored);
        round.accepted.forEach((pending) => pending.resolve(MOVED()));
        return { joined: [] };
      }
    } catch (error) {
      this.log(`room ${this.code}: ${rows.length} join(s) not saved`, error);
      // Rows are taken back only when the room store surely did not save these players.
      if (!saving || error instanceof RoomStoreUnavailable) await this.forgetPlayers(stored);
      round.accepted.forEach((pending) => pending.resolve(STORAGE_DOWN()));
      return { joined: [] };
    }
    return { next: round, joined: round.accepted };
  }

  /** Answers that arrived together, stored in one insert; `stored` are to be acknowledged once the step is committed. */
  async answers(state: GameState, batch: PendingAnswer[]): Promise<{ next?: Step; stored: PendingAnswer[] }> {
    const answers = batch.map(({ playerId, questionIndex, choices }) => ({ type: 'answer' as const, playerId, questionIndex, choices }));
    const { state: next, events, accepted } = settle(batch, reduceAnswers(state, answers, this.now()));
    if (!accepted.length) return { stored: [] };
    const rows: AnswerRecordRow[] = events.flatMap((event) => {
      if (event.type !== 'answerAccepted') return [];
      const question = next.questions[event.questionIndex]!;
      const { chosen, correct, responseMs, points } = event.answer;
      return [{ playerId: event.playerId, questionId: question.id, topicId: question.topicId, chosen, correct, responseMs, points }];
    });
    try {
      await this.durability.write(async (record) => {
        await record.addAnswers(rows);
        await record.recordStep(state, next, events);
      });
      if (!(await this.save(next))) {
        accepted.forEach((pending) => pending.resolve(MOVED()));
        return { stored: [] };
      }
    } catch (error) {
      this.log(`room ${this.code}: ${rows.length} answer(s) not saved`, error);
      accepted.forEach((pending) => pending.resolve(STORAGE_DOWN()));
      return { stored: [] };
    }
    return { next: { state: next, events }, stored: accepted };
  }

  /** Players stored for joins that could not complete: their nicknames become free again. */
  private async forgetPlayers(ids: Set<string>) {
    await this.durability.recorder
      .removePlayers([...ids])
      .catch((error: unknown) => this.log(`room ${this.code}: ${ids.size} unfinished join(s) left in the record`, error));
  }
}
