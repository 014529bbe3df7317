import type { JoinedAck, OwnStanding, PlayerView, QuestionView, RejoinedAck } from '../../../server/src/protocol.ts';
import { connectPlay, request, type PlaySocket } from './sockets.ts';

const STORAGE_KEY = 'dopquiz.player';

type Saved = { code: string; token: string; nickname: string };
export type ConnectionStatus = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'closed';

function load(): Saved | null {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
  } catch {
    return null;
  }
}

/**
 * One student's seat in a game: the socket, the current screen, the answer being sent. It
 * rejoins by itself with the token kept in localStorage after a drop or a reload.
 */
export class PlayerSession {
  status = $state<ConnectionStatus>('idle');
  view = $state.raw<PlayerView | null>(null);
  /** When the open question's remainingMs was received (performance.now()). */
  questionReceivedAt = $state(0);
  sending = $state(false);
  /** A problem to show the student, in words. */
  notice = $state<string | null>(null);
  closedReason = $state<string | null>(null);
  code = $state<string | null>(null);
  private socket: PlaySocket | null = null;

  get you(): OwnStanding | null {
    const view = this.view;
    return view && view.phase !== 'kicked' ? view.you : null;
  }

  /** Whether this browser holds a seat from before (reload, phone locked). */
  get canResume(): boolean {
    return load() !== null;
  }

  async join(code: string, nickname: string): Promise<string | null> {
    const socket = this.open();
    const ack = await request<JoinedAck>(socket, 'player:join', { code, nickname });
    if (!ack.ok) {
      this.close();
      return ack.error.message;
    }
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ code: ack.code, token: ack.rejoinToken, nickname }));
    this.code = ack.code;
    this.show(ack.view);
    return null;
  }

  /** Takes the seat saved in this browser back; null on success, else why not. */
  async resume(): Promise<string | null> {
    const saved = load();
    if (!saved) return 'Nothing to resume.';
    this.open();
    return this.rejoin(saved);
  }

  async answer(choices: number[]) {
    const view = this.view;
    if (!this.socket || view?.phase !== 'question' || view.answered || this.sending) return;
    this.sending = true;
    this.notice = null;
    const index = view.question.index;
    // An answer the server could not store is retried while the question is open.
    for (let attempt = 0; ; attempt++) {
      const ack = await request<{ questionIndex: number }>(this.socket, 'player:answer', { questionIndex: index, choices });
      const current = this.view;
      if (ack.ok) {
        if (current?.phase === 'question' && current.question.index === index) {
          this.view = { ...current, answered: true, chosen: choices };
        }
        break;
      }
      const retryable = ack.error.code === 'STORAGE_UNAVAILABLE' || ack.error.code === 'NO_RESPONSE';
      const stillOpen = current?.phase === 'question' && current.question.index === index;
      if (!retryable || !stillOpen || attempt >= 20) {
        this.notice = ack.error.code === 'ALREADY_ANSWERED' ? null : ack.error.message;
        if (ack.error.code === 'ALREADY_ANSWERED' && current?.phase === 'question') this.view = { ...current, answered: true };
        break;
      }
      this.notice = 'Saving your answer… retrying.';
      await new Promise((resolve) => setTimeout(resolve, 750));
    }
    this.sending = false;
  }

  leave() {
    localStorage.removeItem(STORAGE_KEY);
    if (this.socket?.connected) this.socket.emit('player:leave', {}, () => {});
    this.close();
    this.view = null;
    this.code = null;
  }

  private open(): PlaySocket {
    if (this.socket) return this.socket;
    this.status = 'connecting';
    this.closedReason = null;
    const socket = connectPlay();
    this.socket = socket;
    let joinedBefore = false;
    socket.on('connect', () => {
      const saved = load();
      // After a drop, take the seat back before anything else.
      if (joinedBefore && saved) void this.rejoin(saved);
      else this.status = 'online';
      joinedBefore = true;
    });
    socket.on('disconnect', (reason) => {
      if (this.status === 'closed') return;
      this.status = reason === 'io client disconnect' ? 'idle' : 'reconnecting';
      // A server going away for a restart closes the connection itself; come back when it is up.
      if (reason === 'io server disconnect' && load()) setTimeout(() => socket.connect(), 1000);
    });
    socket.on('game:question', (question) => this.showQuestion(question));
    socket.on('game:view', (view) => this.show(view));
    socket.on('room:closed', ({ reason }) => {
      if (reason === 'server-shutdown') {
        // Not the end of the game: the server restarts and the seat is taken back then.
        this.notice = 'The server is restarting. Your game will continue in a moment…';
        this.status = 'reconnecting';
        return;
      }
      localStorage.removeItem(STORAGE_KEY);
      this.closedReason = reason;
      this.status = 'closed';
      this.close();
    });
    return socket;
  }

  private async rejoin(saved: Saved): Promise<string | null> {
    if (!this.socket) return 'Not connected.';
    const ack = await request<RejoinedAck>(this.socket, 'player:rejoin', { code: saved.code, token: saved.token });
    if (!ack.ok) {
      if (ack.error.code !== 'NO_RESPONSE') localStorage.removeItem(STORAGE_KEY);
      this.close();
      this.view = null;
      return ack.error.message;
    }
    this.code = ack.code;
    this.status = 'online';
    this.show(ack.view);
    return null;
  }

  private show(view: PlayerView) {
    if (view.phase === 'question') this.questionReceivedAt = performance.now();
    if (view.phase === 'kicked') localStorage.removeItem(STORAGE_KEY);
    this.status = view.phase === 'kicked' ? 'closed' : 'online';
    this.notice = null;
    this.view = view;
  }

  private showQuestion(question: QuestionView) {
    const current = this.view;
    const same = current?.phase === 'question' && current.question.index === question.index;
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
    if (!same) this.notice = null;
  }

  private close() {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    if (this.status !== 'closed') this.status = 'idle';
  }
}
