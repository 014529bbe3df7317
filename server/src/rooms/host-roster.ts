import { randomBytes } from 'node:crypto';
import { activePlayers, rosterEntries, rosterEntry, type GameState, type RosterEntry } from '../game/index.ts';
import { rosterDigest, type Roster, type RosterChanges } from '../protocol.ts';

type Connected = (playerId: string) => boolean;

const newEpoch = () => randomBytes(4).toString('hex');

/**
 * The room's roster as its hosts last heard it: each update carries only what changed since the
 * one before (so its size follows the changes, never the room), numbered within an epoch of this
 * node's, so that a host that missed one, or heard another node's, can tell.
 */
export class HostRoster {
  /** Player id -> connected, as of update `seq`. */
  private readonly told = new Map<string, boolean>();
  private epoch = newEpoch();
  private seq = 0;

  constructor(state: GameState, connected: Connected) {
    this.rebase(state, connected);
  }

  /**
   * The roster now, for a host that attaches; the next changes build on it. Without the list
   * when `have` (the digest of the host's copy) says the host has it already.
   */
  current(state: GameState, connected: Connected, nowMs: number, have?: string): Roster {
    const players = rosterEntries(state, connected, nowMs);
    return { epoch: this.epoch, seq: this.seq, players: have !== undefined && have === rosterDigest(players) ? null : players };
  }

  /** What changed since the last update, as the next update; null when nothing did. */
  changes(state: GameState, connected: Connected, nowMs: number): RosterChanges | null {
    const joined: RosterEntry[] = [];
    const nowConnected: string[] = [];
    const disconnected: string[] = [];
    for (const player of activePlayers(state)) {
      const isConnected = connected(player.id);
      const was = this.told.get(player.id);
      if (was === undefined) {
        joined.push(rosterEntry(player, connected, nowMs));
      } else if (was !== isConnected) {
        (isConnected ? nowConnected : disconnected).push(player.id);
      }
      this.told.set(player.id, isConnected);
    }
    // Out of play: kicked, or left (a player is never deleted from the state).
    const gone = [...this.told.keys()].filter((id) => state.players[id]?.kicked !== false);
    for (const id of gone) this.told.delete(id);
    if (!joined.length && !gone.length && !nowConnected.length && !disconnected.length) return null;
    this.seq += 1;
    return { epoch: this.epoch, seq: this.seq, joined, gone, connected: nowConnected, disconnected };
  }

  /**
   * Numbers afresh from the roster as it is now, and returns the first update of the new epoch
   * (empty): every host attaches again with the digest of its copy, and gets the list only if it
   * differs. For a room taken over, once it knows who is connected on every node: what the old
   * owner last told and what this node saw until then are unknown to each other, and sending the
   * difference as changes would list most of the room.
   */
  restart(state: GameState, connected: Connected): RosterChanges {
    this.epoch = newEpoch();
    this.seq = 1;
    this.rebase(state, connected);
    return { epoch: this.epoch, seq: this.seq, joined: [], gone: [], connected: [], disconnected: [] };
  }

  private rebase(state: GameState, connected: Connected) {
    this.told.clear();
    for (const player of activePlayers(state)) this.told.set(player.id, connected(player.id));
  }
}
