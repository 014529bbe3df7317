import type { HostCommandEvent, AnswerProgress, HostView, RosterEntry } from '../../../server/src/protocol.ts';
import { RosterCopy } from './host-roster.ts';
import { connectHost, request, type HostSocket, type PayloadOf } from './sockets.ts';

type HostEvent = HostCommandEvent | 'host:kick' | 'host:lock';


/** The instructor's control of one room: its live view and the commands that drive it. */
export class HostSession {
  view = $state.raw<HostView | null>(null);
  /** Who is in the room, in joining order. */
  players = $state.raw<RosterEntry[]>([]);
  progress = $state.raw<(AnswerProgress & { index: number }) | null>(null);
  questionReceivedAt = $state(0);
  connected = $state(false);
  busy = $state(false);
  error = $state<string | null>(null);
  closedReason = $state<string | null>(null);
  private socket: HostSocket | null = null;

  /** When each player joined, by this tab's clock (from the server's `joinedMsAgo`). */
  private readonly joined: Record<string, number> = {};
  private readonly roster = new RosterCopy();

  constructor(readonly code: string) {}

  open() {
    const socket = connectHost(this.code);
    this.socket = socket;
    socket.on('connect', () => {
      this.connected = true;
      void this.attach(socket);
    });
    socket.on('connect_error', (error) => {
      if (error.message === 'STORAGE_UNAVAILABLE') {
        // The server could not check the session; it refused the handshake, so try again here.
        this.error = 'The server cannot reach its database. Retrying…';
        setTimeout(() => this.socket === socket && !socket.active && socket.connect(), 2000);
        return;
      }
      this.error = error.message === 'UNAUTHENTICATED' ? 'Your session has ended. Sign in again.' : 'Cannot reach the server. Retrying…';
    });
    socket.on('disconnect', (reason) => {
      this.connected = false;
      // The server closed the connection to restart: reconnect; the room is back after it.
      if (reason === 'io server disconnect' && !this.closedReason) setTimeout(() => socket.connect(), 1000);
    });
    socket.on('host:view', (view) => this.show(view));
    socket.on('host:roster', (changes) => {
      if (this.roster.apply(changes)) this.showPlayers();
      else void this.attach(socket);
    });
    socket.on('host:progress', (progress) => (this.progress = progress));
    socket.on('room:closed', ({ reason }) => {
      if (reason === 'server-shutdown') this.error = 'The server is restarting. The game continues in a moment…';
      else this.closedReason = reason;
    });
  }

  /** A command for the game as this screen shows it: once the game has moved on, it was done already. */
  async command(event: HostCommandEvent) {
    const view = this.view;
    await this.send(event, view ? { at: { index: view.index, phase: view.phase } } : {});
  }

  kick(playerId: string) {
    return this.send('host:kick', { playerId });
  }

  /** Removes several players at once (all or none); players already gone are left out. */
  kickAll(playerIds: string[]) {
    const inRoom = playerIds.filter((id) => this.roster.has(id));
    if (inRoom.length) return this.send('host:kick', { playerIds: inRoom });
  }

  /** When the player joined, by this tab's clock. */
  joinedAt(playerId: string): number {
    return this.joined[playerId] ?? Date.now();
  }

  /** A page of the players with their scores and whether they answered the open question. */
  async playersPage(offset: number, limit: number) {
    if (!this.socket) return null;
    const ack = await request(this.socket, 'host:players', { offset, limit });
    return ack.ok ? ack : null;
  }

  lock(locked: boolean) {
    return this.send('host:lock', { locked });
  }

  close() {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
  }

  private async send<E extends HostEvent>(event: E, payload: PayloadOf<E>) {
    if (!this.socket || this.busy) return;
    this.busy = true;
    const ack = await request(this.socket, event, payload);
    // STALE_COMMAND: another click or host tab did it first; the new view is on its way.
    this.error = ack.ok || ack.error.code === 'STALE_COMMAND' ? null : ack.error.message;
    this.busy = false;
  }


  /**
   * Attaches to the room: its view and the roster (whole unless the copy held is still right),
   * which the roster changes then keep up to date.
   */
  private async attach(socket: HostSocket) {
    const have = this.roster.digest();
    const ack = await request(socket, 'host:attach', { code: this.code, ...(have ? { have } : {}) });
    if (socket !== this.socket) return;
    if (!ack.ok) {
      this.error = ack.error.message;
      return;
    }
    this.error = null;
    this.roster.reset(ack.roster);
    this.showPlayers();
    this.show(ack.view);
  }

  private showPlayers() {
    const players = this.roster.list();
    // Rooms saved before join times were kept say null: the first sight stands in.
    for (const player of players) this.joined[player.id] ??= Date.now() - (player.joinedMsAgo ?? 0);
    this.players = players;
  }

  private show(view: HostView) {
    if (view.question && (this.view?.index !== view.index || this.view?.phase !== view.phase || view.question.paused !== this.view?.question?.paused)) {
      this.questionReceivedAt = performance.now();
    }
    if (this.view?.index !== view.index) this.progress = null;
    this.view = view;
  }
}
