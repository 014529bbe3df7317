import type { Roster, RosterChanges, RosterEntry } from '../../../server/src/protocol.ts';

/**
 * The host's copy of who is in the room: the whole roster from `host:attach`, kept up to date
 * by the `host:roster` changes that follow it (in joining order).
 */
export class RosterCopy {
  private readonly players = new Map<string, RosterEntry>();
  /** The roster update the copy is at; null before the first whole roster. */
  private seq: number | null = null;

  /** Starts again from a whole roster. */
  reset(roster: Roster) {
    this.players.clear();
    for (const player of roster.players) this.players.set(player.id, player);
    this.seq = roster.seq;
  }

  /**
   * Applies the next update. False when the copy cannot follow it (an update was missed, or
   * another server took the room over and counts afresh): attach again for a whole roster.
   */
  apply(changes: RosterChanges): boolean {
    if (this.seq === null) return true; // the whole roster is on its way and holds this already
    if (changes.seq !== this.seq + 1) return false;
    for (const player of changes.joined) this.players.set(player.id, player);
    for (const id of changes.gone) this.players.delete(id);
    for (const [ids, connected] of [[changes.connected, true], [changes.disconnected, false]] as const) {
      for (const id of ids) {
        const player = this.players.get(id);
        if (player) this.players.set(id, { ...player, connected });
      }
    }
    this.seq = changes.seq;
    return true;
  }

  has(playerId: string): boolean {
    return this.players.has(playerId);
  }

  list(): RosterEntry[] {
    return [...this.players.values()];
  }
}
