import { nicknameKey, type GameState } from '../game/index.ts';
import { progressChange, type AnswerRecordRow, type GameRecorder, type NewPlayer, type ProgressChange } from './game-recorder.ts';

type StoredPlayer = NewPlayer & { nicknameKey: string; kicked: boolean; score: number };

/**
 * A game's record in memory, with the same rules as PostgreSQL's: for fast tests of live rooms.
 * `failing` makes every write fail (a database that is down), to test what a room does then.
 */
export class MemoryGameRecorder implements GameRecorder {
  readonly players = new Map<string, StoredPlayer>();
  readonly answers = new Map<string, AnswerRecordRow>();
  /** Positions of the questions the host skipped. */
  readonly skipped = new Set<number>();
  snapshot: GameState | null = null;
  progress: ProgressChange = {};
  failing = false;
  /** Writes so far, in order, for tests that look at the order of a room's writes. */
  readonly writes: string[] = [];

  async addPlayers(players: NewPlayer[]): Promise<Set<string>> {
    this.check('addPlayers');
    const stored = new Set<string>();
    for (const player of players) {
      const key = nicknameKey(player.nickname);
      if ([...this.players.values()].some((p) => p.nicknameKey === key)) continue;
      this.players.set(player.id, { ...player, nicknameKey: key, kicked: false, score: 0 });
      stored.add(player.id);
    }
    return stored;
  }

  async removePlayers(ids: string[]): Promise<void> {
    this.check('removePlayers');
    for (const id of ids) this.players.delete(id);
  }

  async addAnswers(rows: AnswerRecordRow[]): Promise<AnswerRecordRow[]> {
    this.check('addAnswers');
    const already: AnswerRecordRow[] = [];
    for (const row of rows) {
      const key = `${row.playerId}/${row.questionId}`;
      const stored = this.answers.get(key);
      if (stored) already.push(stored);
      else this.answers.set(key, row);
    }
    return already;
  }

  async removeAnswers(keys: { playerId: string; questionId: string }[]): Promise<void> {
    this.check('removeAnswers');
    for (const { playerId, questionId } of keys) this.answers.delete(`${playerId}/${questionId}`);
  }

  async recordStep(previous: GameState, next: GameState, events: Parameters<GameRecorder['recordStep']>[2]): Promise<void> {
    this.check('recordStep');
    for (const event of events) {
      const player = 'playerId' in event ? this.players.get(event.playerId) : undefined;
      if (event.type === 'playerKicked' && player) player.kicked = true;
      if (event.type === 'playerLeft' && player) player.nicknameKey = `~left~${player.id}`;
      if (event.type === 'questionSkipped') {
        this.skipped.add(event.index);
        const questionId = next.questions[event.index]!.id;
        for (const [key, row] of this.answers) if (row.questionId === questionId) this.answers.delete(key);
      }
    }
    if (events.some((event) => event.type === 'phaseChanged')) await this.saveProgress(next, progressChange(previous, next, new Date()));
  }

  async saveProgress(state: GameState, change: ProgressChange): Promise<void> {
    this.check('saveProgress');
    if (this.snapshot && this.snapshot.version > state.version) return;
    this.snapshot = state;
    this.progress = { ...this.progress, ...change, ...(this.progress.startedAt ? { startedAt: this.progress.startedAt } : {}) };
    for (const player of Object.values(state.players)) {
      const stored = this.players.get(player.id);
      if (stored) Object.assign(stored, { score: player.score, joinSeq: player.joinedSeq });
    }
  }

  async answersTo(questionId: string): Promise<AnswerRecordRow[]> {
    return [...this.answers.values()].filter((row) => row.questionId === questionId);
  }

  async replaceRejoinToken(playerId: string, rejoinTokenHash: string): Promise<void> {
    this.check('replaceRejoinToken');
    const player = this.players.get(playerId);
    if (player) player.rejoinTokenHash = rejoinTokenHash;
  }

  async rejoinTokens(): Promise<Map<string, string>> {
    return new Map([...this.players.values()].map((p) => [p.rejoinTokenHash, p.id]));
  }

  private check(write: string) {
    if (this.failing) throw new Error(`the record is unavailable (${write})`);
    this.writes.push(write);
  }
}
