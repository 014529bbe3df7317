import type { Roster, RosterChanges, RosterEntry } from '../../../server/src/protocol.ts';
import { rosterDigest } from '../../../server/src/roster-digest.ts';

/**
 * The host's copy of who is in the room: the roster from `host:attach`, kept up to date by the
 * `host:roster` changes that follow it (in joining order).
 */
export class RosterCopy {
  private readonly players = new Map<string, RosterEntry>();
  /** The numbering and the roster update the copy is at; null before the first roster. */
  private at: { epoch: string; seq: number } | null = null;

  /**
   * Takes the roster of an attach: a whole one replaces the copy; one without its list (the
   * copy was right, see `digest`) only moves the copy to its numbering.
   */
  reset(roster: Roster) {
    if (roster.players) {
      this.players.clear();
      for (const player of roster.players) this.players.set(player.id, player);
    }
    this.at = { epoch: roster.epoch, seq: roster.seq };
  }

  /**
   * Applies the next update. False when the copy cannot follow it (an update was missed, or
   * another server took the room over and numbers afresh): attach again, with `digest()`.
   */
  apply(changes: RosterChanges): boolean {
    if (this.at === null) return true; // the roster is on its way and holds this already
    if (changes.epoch !== this.at.epoch || changes.seq !== this.at.seq + 1) return false;
    for (const player of changes.joined) this.players.set(player.id, player);
    for (const id of changes.gone) this.players.delete(id);
    for (const [ids, connected] of [[changes.connected, true], [changes.disconnected, false]] as const) {
      for (const id of ids) {
        const player = this.players.get(id);
        if (player) this.players.set(id, { ...player, connected });
      }
    }
    this.at.seq = changes.seq;
    return true;
  }

  /** What `host:attach` sends as `have` once the copy holds a roster: the room sends its list only if its own differs. */
  digest(): string | undefined {
    return this.at ? rosterDigest(this.players.values()) : undefined;
  }

  has(playerId: string): boolean {
    return this.players.has(playerId);
  }

  list(): RosterEntry[] {
    return [...this.players.values()];
  }
}
