/** Sockets in a room across the cluster: per player, and hosts; `complete` when every node answered. */
export type RoomPresence = { players: Map<string, number>; hosts: number; complete: boolean };

/**
 * Who is connected to one room: sockets per player and host sockets, from connect and
 * disconnect events and from the owner's recounts across the cluster.
 */
export class PresenceCount {
  private readonly players: Map<string, number>;
  private hostSockets: number;
  private events = 0;

  constructor(start?: RoomPresence) {
    this.players = new Map(start?.players ?? []);
    this.hostSockets = start?.hosts ?? 0;
  }

  isConnected(playerId: string): boolean {
    return this.players.has(playerId);
  }

  get hosts(): number {
    return this.hostSockets;
  }

  /** Changes with every connect and disconnect seen here; a recount taken meanwhile is stale. */
  get mark(): number {
    return this.events;
  }

  playerConnected(playerId: string) {
    this.events += 1;
    this.players.set(playerId, (this.players.get(playerId) ?? 0) + 1);
  }

  playerDisconnected(playerId: string) {
    this.events += 1;
    const left = (this.players.get(playerId) ?? 1) - 1;
    if (left > 0) this.players.set(playerId, left);
    else this.players.delete(playerId);
  }

  hostAttached() {
    this.events += 1;
    this.hostSockets += 1;
  }

  hostDetached() {
    this.events += 1;
    this.hostSockets = Math.max(0, this.hostSockets - 1);
  }

  /**
   * Connects and disconnects arrive as events, and a node that died sent no disconnects for
   * its sockets: the owner recounts now and then and takes the count. A recount during which an
   * event arrived here (`mark` moved), or that some node did not answer, only raises counts (it
   * cannot tell who left since). True when the count changed.
   */
  reconcile({ players, hosts, complete }: RoomPresence, mark: number): boolean {
    // A recount taken while events arrived can still only raise counts.
    if (mark !== this.events) complete = false;
    const counted = new Map(complete ? players : this.players);
    if (!complete) for (const [playerId, count] of players) counted.set(playerId, Math.max(counted.get(playerId) ?? 0, count));
    const countedHosts = complete ? hosts : Math.max(hosts, this.hostSockets);
    const same =
      countedHosts === this.hostSockets && counted.size === this.players.size && [...counted].every(([playerId, count]) => this.players.get(playerId) === count);
    if (same) return false;
    this.players.clear();
    for (const [playerId, count] of counted) this.players.set(playerId, count);
    this.hostSockets = countedHosts;
    return true;
  }
}
