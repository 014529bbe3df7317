import { reduce, reduceAnswers, reduceJoins, refusal, withStoredAnswers, type BatchResult, type ClassMemberRef, type Command, type GameEvent, type GameState } from '../game/index.ts';
import type { Ack, ErrorCode, JoinedAck } from '../protocol.ts';
import type { AnswerRecordRow } from './game-recorder.ts';
import type { RoomDurability } from './room-durability.ts';
import { RoomStoreUnavailable } from './room-store.ts';

type Refusal = { ok: false; error: { code: ErrorCode; message: string; chosen?: readonly number[] } };
type AnswerAck = Ack<{ questionIndex: number }>;
const STORAGE_DOWN = (): Refusal => refusal('STORAGE_UNAVAILABLE', 'Could not save right now. Please try again.');
const MOVED = (): Refusal => refusal('STORAGE_UNAVAILABLE', 'This game moved to another server. Please try again.');

export type PendingJoin = {
  playerId: string;
  nickname: string;
  deviceId?: string;
  member?: ClassMemberRef;
  token: string;
  hash: string;
  resolve: (ack: Ack<JoinedAck>) => void;
};
/** An answer waiting for its room; `atMs` is when it reached the room (the room's clock). */
export type PendingAnswer = { playerId: string; questionIndex: number; choices: number[]; atMs: number; resolve: (ack: Ack<{ questionIndex: number }>) => void };

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

/**
 * The answers of `batch` that the record held already: acknowledged when they are the stored
 * answer (a retry of an answer whose ack was lost), else refused with the stored choices
 * (displayed positions).
 */
function alreadyAnswered(base: GameState, batch: PendingAnswer[], accepted: PendingAnswer[]): [PendingAnswer, AnswerAck][] {
  const ok = new Set(accepted);
  return batch.flatMap((pending): [PendingAnswer, AnswerAck][] => {
    const record = base.players[pending.playerId]?.answers[pending.questionIndex];
    if (ok.has(pending) || !record) return [];
    const order = base.optionOrder[pending.questionIndex]!;
    const chosen = record.chosen.map((bank) => order.indexOf(bank)).sort((a, b) => a - b);
    const same = chosen.join() === [...pending.choices].sort((a, b) => a - b).join();
    if (same) return [[pending, { ok: true, questionIndex: pending.questionIndex }]];
    return [[pending, { ok: false, error: { code: 'ALREADY_ANSWERED', message: 'This question is already answered: the first answer counts.', chosen } }]];
  });
}

/** The rows of the answers a step accepted. */
function answerRows(state: GameState, events: readonly GameEvent[]): AnswerRecordRow[] {
  return events.flatMap((event) => {
    if (event.type !== 'answerAccepted') return [];
    const question = state.questions[event.questionIndex]!;
    const { chosen, correct, responseMs, points } = event.answer;
    return [{ playerId: event.playerId, questionId: question.id, topicId: question.topicId, chosen, correct, responseMs, points }];
  });
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
      reduceJoins(state, pending.map(({ playerId, nickname, deviceId, member }) => ({ type: 'join', playerId, nickname, deviceId, member })), joinedAt);
    let round = settle(batch, reduced(batch));
    if (!round.accepted.length) return { joined: [] };
    const rows = round.accepted.map((p) => {
      const player = round.state.players[p.playerId]!;
      return { id: p.playerId, nickname: player.nickname, rejoinTokenHash: p.hash, memberId: player.memberId ?? null, joinSeq: player.joinedSeq };
    });
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

  /**
   * Answers that arrived together, each judged by its arrival time, stored in one insert;
   * `stored` are to be acknowledged once the step is committed. An answer the record already
   * held (stored by a node that died before its room knew) wins over the one that came now.
   */
  async answers(state: GameState, batch: PendingAnswer[]): Promise<{ next?: Step; stored: PendingAnswer[]; storedBefore: [PendingAnswer, AnswerAck][] }> {
    const reduced = (from: GameState, pending: PendingAnswer[]) =>
      settle(pending, reduceAnswers(from, pending.map(({ playerId, questionIndex, choices, atMs }) => ({ type: 'answer' as const, playerId, questionIndex, choices, atMs })), this.now()));
    let round = reduced(state, batch);
    if (!round.accepted.length) return { stored: [], storedBefore: [] };
    // Every answer the engine took: each is answered, whatever happens next.
    const taken = round.accepted;
    let rows = answerRows(round.state, round.events);
    let base = state;
    try {
      await this.durability.write(async (record) => {
        const already = await record.addAnswers(rows);
        if (already.length) {
          // Those players' answers are the stored ones; the rest are judged again from there.
          base = withStoredAnswers(state, already);
          const clashed = new Set(already.map((row) => row.playerId));
          const inserted = rows.filter((row) => !clashed.has(row.playerId));
          round = reduced(base, round.accepted.filter((pending) => !clashed.has(pending.playerId)));
          rows = answerRows(round.state, round.events);
          const kept = new Set(rows.map((row) => row.playerId));
          await record.removeAnswers(inserted.filter((row) => !kept.has(row.playerId)));
        }
        await record.recordStep(base, round.state, round.events);
      });
      const storedBefore = base === state ? [] : alreadyAnswered(base, batch, round.accepted);
      if (!(await this.save(round.state))) {
        taken.forEach((pending) => pending.resolve(MOVED()));
        return { stored: [], storedBefore: [] };
      }
      return { next: { state: round.state, events: round.events }, stored: round.accepted, storedBefore };
    } catch (error) {
      this.log(`room ${this.code}: ${taken.length} answer(s) not saved`, error);
      taken.forEach((pending) => pending.resolve(STORAGE_DOWN()));
      return { stored: [], storedBefore: [] };
    }
  }

  /** Players stored for joins that could not complete: their nicknames become free again. */
  private async forgetPlayers(ids: Set<string>) {
    await this.durability.recorder
      .removePlayers([...ids])
      .catch((error: unknown) => this.log(`room ${this.code}: ${ids.size} unfinished join(s) left in the record`, error));
  }
}
