import type { AnswerProgress, HostView } from '../../../server/src/protocol.ts';
import { connectHost, request, type HostSocket } from './sockets.ts';

export type HostCommand = 'host:start' | 'host:next' | 'host:skip' | 'host:end' | 'host:pause' | 'host:resume';

/** The instructor's control of one room: its live view and the commands that drive it. */
export class HostSession {
  view = $state.raw<HostView | null>(null);
  progress = $state.raw<(AnswerProgress & { index: number }) | null>(null);
  questionReceivedAt = $state(0);
  connected = $state(false);
  busy = $state(false);
  error = $state<string | null>(null);
  closedReason = $state<string | null>(null);
  private socket: HostSocket | null = null;

  private readonly seen: Record<string, number>;

  constructor(readonly code: string) {
    try {
      this.seen = JSON.parse(sessionStorage.getItem(`dopquiz.seen.${code}`) ?? '{}');
    } catch {
      this.seen = {};
    }
  }

  open() {
    const socket = connectHost();
    this.socket = socket;
    socket.on('connect', async () => {
      this.connected = true;
      const ack = await request<{ view: HostView }>(socket, 'host:attach', { code: this.code });
      if (ack.ok) {
        this.error = null;
        this.show(ack.view);
      } else {
        this.error = ack.error.message;
      }
    });
    socket.on('connect_error', (error) => {
      this.error = error.message === 'UNAUTHENTICATED' ? 'Your session has ended. Sign in again.' : 'Cannot reach the server. Retrying…';
    });
    socket.on('disconnect', (reason) => {
      this.connected = false;
      // The server closed the connection to restart: reconnect; the room is back after it.
      if (reason === 'io server disconnect' && !this.closedReason) setTimeout(() => socket.connect(), 1000);
    });
    socket.on('host:view', (view) => this.show(view));
    socket.on('host:progress', (progress) => (this.progress = progress));
    socket.on('room:closed', ({ reason }) => {
      if (reason === 'server-shutdown') this.error = 'The server is restarting. The game continues in a moment…';
      else this.closedReason = reason;
    });
  }

  async command(event: HostCommand) {
    await this.send(event, {});
  }

  kick(playerId: string) {
    return this.send('host:kick', { playerId });
  }

  /** Removes several players, one `host:kick` each; those already gone are skipped. */
  async kickAll(playerIds: string[]) {
    if (!this.socket) return;
    this.busy = true;
    const failures: string[] = [];
    for (const playerId of playerIds) {
      const ack = await request(this.socket, 'host:kick', { playerId });
      if (!ack.ok && ack.error.code !== 'PLAYER_KICKED' && ack.error.code !== 'UNKNOWN_PLAYER') failures.push(ack.error.message);
    }
    this.error = failures[0] ?? null;
    this.busy = false;
  }

  /** When this screen first saw the player (kept for the tab, so a reload does not reset it). */
  firstSeen(playerId: string): number {
    return this.seen[playerId] ?? Date.now();
  }

  lock(locked: boolean) {
    return this.send('host:lock', { locked });
  }

  close() {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
  }

  private async send(event: string, payload: object) {
    if (!this.socket || this.busy) return;
    this.busy = true;
    const ack = await request(this.socket, event, payload);
    this.error = ack.ok ? null : ack.error.message;
    this.busy = false;
  }


  private show(view: HostView) {
    let added = false;
    for (const player of view.players) {
      if (this.seen[player.id] === undefined) {
        this.seen[player.id] = Date.now();
        added = true;
      }
    }
    if (added) sessionStorage.setItem(`dopquiz.seen.${this.code}`, JSON.stringify(this.seen));
    if (view.question && (this.view?.index !== view.index || this.view?.phase !== view.phase || view.question.paused !== this.view?.question?.paused)) {
      this.questionReceivedAt = performance.now();
    }
    if (this.view?.index !== view.index) this.progress = null;
    this.view = view;
  }
}
