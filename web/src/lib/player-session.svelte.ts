import { studentTokens } from './student-identity.ts';
import type { JoinedAck, OwnStanding, PlayerUpdate, PlayerView, QuestionView, RejoinedAck } from '../../../server/src/protocol.ts';
import { deviceId, forgetSeat, savedSeat, saveSeat, type Seat } from './seat.ts';
import { connectPlay, request, type PlaySocket } from './sockets.ts';

export type ConnectionStatus = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'closed';

/**
 * The student's answer to the open question until the server has it: `waiting` for a
 * connection (tapped offline), `sending`, `saved` (stored: it counts), `late` (the question
 * closed before it got there), or `failed` (refused, with the reason).
 */
export type PendingAnswer = {
  index: number;
  choices: number[];
  state: 'waiting' | 'sending' | 'saved' | 'late' | 'failed';
  reason?: string;
};

const LATE_CODES = new Set(['TIME_UP', 'STALE_QUESTION', 'WRONG_PHASE', 'GAME_OVER']);
/** Refusals after which the same answer may still go through: the seat or the database was not ready. */
const RETRY_CODES = new Set(['STORAGE_UNAVAILABLE', 'NO_RESPONSE', 'NOT_JOINED']);

/**
 * One student's seat in a game: the socket, the current screen, the answer being sent. It
 * rejoins by itself with the token kept in localStorage after a drop or a reload, and an answer
 * tapped while offline is kept and sent once the seat is back, while its question is open.
 */
export class PlayerSession {
  status = $state<ConnectionStatus>('idle');
  view = $state.raw<PlayerView | null>(null);
  /** When the open question's remainingMs was received (performance.now()). */
  questionReceivedAt = $state(0);
  answer = $state.raw<PendingAnswer | null>(null);
  /** A problem or an event to show the student, in words. */
  notice = $state<string | null>(null);
  closedReason = $state<string | null>(null);
  code = $state<string | null>(null);
  private socket: PlaySocket | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  get you(): OwnStanding | null {
    const view = this.view;
    return view && view.phase !== 'kicked' ? view.you : null;
  }

  async join(code: string, nickname: string): Promise<string | null> {
    const socket = this.open(code);
    const tokens = studentTokens();
    const ack = await request(socket, 'player:join', { code, nickname, deviceId: deviceId(), ...(tokens.length ? { studentTokens: tokens } : {}) });
    if (!ack.ok) {
      this.close();
      return ack.error.message;
    }
    saveSeat({ code: ack.code, token: ack.rejoinToken, nickname: nickname.trim() });
    this.code = ack.code;
    this.status = 'online';
    this.show(ack.view);
    return null;
  }

  /** Takes the seat saved in this browser back; null on success, else why not. */
  async resume(): Promise<string | null> {
    const saved = savedSeat();
    if (!saved) return 'Nothing to resume.';
    this.open(saved.code);
    return this.rejoin(saved);
  }

  /** Answers the open question: at once when online, otherwise as soon as the seat is back. */
  choose(choices: number[]) {
    const view = this.view;
    if (view?.phase !== 'question' || view.answered || view.question.paused) return;
    const index = view.question.index;
    if (this.answer?.index === index && this.answer.state !== 'failed') return;
    this.answer = { index, choices, state: 'waiting' };
    this.notice = null;
    void this.send();
  }

  leave() {
    forgetSeat();
    if (this.socket?.connected) this.socket.emit('player:leave', {}, () => {});
    this.close();
    this.view = null;
    this.answer = null;
    this.code = null;
  }

  private async send() {
    clearTimeout(this.retryTimer);
    const pending = this.answer;
    const socket = this.socket;
    if (!pending || (pending.state !== 'waiting' && pending.state !== 'failed')) return;
    // Emitting while offline would be buffered and replayed before the seat is taken back.
    if (!socket?.connected || this.status !== 'online') return;
    this.answer = { ...pending, state: 'sending' };
    const ack = await request(socket, 'player:answer', { questionIndex: pending.index, choices: pending.choices });
    if (this.answer?.index !== pending.index || this.answer.state !== 'sending') return;
    if (ack.ok || ack.error.code === 'ALREADY_ANSWERED') {
      this.answer = { ...pending, state: 'saved' };
      const current = this.view;
      if (current?.phase === 'question' && current.question.index === pending.index) this.view = { ...current, answered: true, chosen: pending.choices };
    } else if (LATE_CODES.has(ack.error.code)) {
      this.answer = { ...pending, state: 'late' };
    } else if (RETRY_CODES.has(ack.error.code)) {
      this.answer = { ...pending, state: 'waiting' };
      // Still connected: the server was busy. Disconnected: the rejoin sends it again.
      if (this.socket?.connected) this.retryTimer = setTimeout(() => void this.send(), 1000);
    } else {
      this.answer = { ...pending, state: 'failed', reason: ack.error.message };
    }
  }

  private open(code: string): PlaySocket {
    if (this.socket) return this.socket;
    this.status = 'connecting';
    this.closedReason = null;
    const socket = connectPlay(code.toUpperCase());
    this.socket = socket;
    let joinedBefore = false;
    socket.on('connect', () => {
      const saved = savedSeat();
      // After a drop, take the seat back before anything else.
      if (joinedBefore && saved) void this.rejoin(saved);
      joinedBefore = true;
    });
    socket.on('disconnect', (reason) => {
      if (this.status === 'closed') return;
      this.status = reason === 'io client disconnect' ? 'idle' : 'reconnecting';
      // A server going away for a restart closes the connection itself; come back when it is up.
      if (reason === 'io server disconnect' && savedSeat()) setTimeout(() => socket.connect(), 1000);
    });
    socket.on('game:question', (question) => this.showQuestion(question));
    socket.on('game:view', (update) => this.update(update));
    // Another tab or device took the seat: the game goes on there (the seat stays saved).
    socket.on('seat:moved', () => {
      this.closedReason = 'seat-moved';
      this.status = 'closed';
      this.close();
    });
    socket.on('room:closed', ({ reason }) => {
      if (reason === 'server-shutdown') {
        // Not the end of the game: the server restarts and the seat is taken back then.
        this.notice = 'The server is restarting. Your game will continue in a moment…';
        this.status = 'reconnecting';
        return;
      }
      forgetSeat();
      this.closedReason = reason;
      this.status = 'closed';
      this.close();
    });
    return socket;
  }

  private async rejoin(saved: Seat): Promise<string | null> {
    if (!this.socket) return 'Not connected.';
    const ack = await request(this.socket, 'player:rejoin', { code: saved.code, token: saved.token, deviceId: deviceId() });
    if (!ack.ok) {
      if (ack.error.code === 'NO_RESPONSE') return ack.error.message;
      forgetSeat();
      this.close();
      this.view = null;
      return ack.error.message;
    }
    this.code = ack.code;
    this.status = 'online';
    this.show(ack.view);
    void this.send();
    return null;
  }

  /** A phase change; a reveal comes without its question, which this screen has from `game:question`. */
  private update(update: PlayerUpdate) {
    if (update.phase !== 'reveal' || 'question' in update) return this.show(update as PlayerView);
    const current = this.view;
    const question = current?.phase === 'question' || current?.phase === 'reveal' ? current.question : null;
    if (question?.index === update.reveal.index) return this.show({ ...update, question });
    // The question never reached this screen (it came back in between): the rejoin brings the whole view.
    const saved = savedSeat();
    if (saved) void this.rejoin(saved);
  }

  private show(view: PlayerView) {
    this.notice = this.skipped(view.phase === 'question' ? view.question.index : null, view.phase);
    if (view.phase === 'question') this.questionReceivedAt = performance.now();
    if (view.phase === 'kicked') {
      forgetSeat();
      this.status = 'closed';
    }
    this.view = view;
    this.settle(view);
  }

  private showQuestion(question: QuestionView) {
    const current = this.view;
    const same = current?.phase === 'question' && current.question.index === question.index;
    if (!same) this.notice = this.skipped(question.index, 'question');
    const you = this.you ?? { id: '', nickname: '', score: 0, rank: 0 };
    this.questionReceivedAt = performance.now();
    this.view = {
      phase: 'question',
      question,
      progress: same ? current.progress : { answered: 0, total: 0 },
      answered: same ? current.answered : false,
      chosen: same ? current.chosen : [],
      you,
    };
    this.settle(this.view);
  }

  /** What the server's screen says about the answer in flight: stored already, or too late. */
  private settle(view: PlayerView) {
    const pending = this.answer;
    if (!pending) return;
    if (view.phase === 'question') {
      if (view.question.index !== pending.index) this.answer = null;
      else if (view.answered && pending.state !== 'saved') this.answer = { ...pending, state: 'saved' };
    } else if (view.phase === 'reveal' && view.reveal.index === pending.index) {
      if (view.result.answered) this.answer = { ...pending, state: 'saved' };
      else if (pending.state !== 'failed') this.answer = { ...pending, state: 'late' };
    } else if (view.phase !== 'reveal') {
      this.answer = null;
    }
  }

  /**
   * A question that moves on to the next one (or to the leaderboard) without its reveal was
   * skipped by the host: nobody scored it. Returns what to tell the student, or null.
   */
  private skipped(nextIndex: number | null, nextPhase: PlayerView['phase']): string | null {
    const current = this.view;
    if (current?.phase !== 'question') return null;
    const skipped = nextPhase === 'leaderboard' || (nextPhase === 'question' && nextIndex !== null && nextIndex > current.question.index);
    if (!skipped) return null;
    const counted = current.answered || this.answer?.index === current.question.index;
    this.answer = null;
    return `The host skipped question ${current.question.index + 1}, so nobody scored it${counted ? ' and your answer did not count' : ''}.`;
  }

  private close() {
    clearTimeout(this.retryTimer);
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    if (this.status !== 'closed') this.status = 'idle';
  }
}
