import { activePlayers, rosterEntries, rosterEntry, type GameState, type RosterEntry } from '../game/index.ts';
import type { Roster, RosterChanges } from '../protocol.ts';

type Connected = (playerId: string) => boolean;

/**
 * The room's roster as its hosts last heard it: each update carries only what changed since the
 * one before (so its size follows the changes, never the room), numbered so that a host that
 * missed one can tell.
 */
export class HostRoster {
  /** Player id -> connected, as of update `seq`. */
  private readonly told = new Map<string, boolean>();
  private seq = 0;

  constructor(state: GameState, connected: Connected) {
    for (const player of activePlayers(state)) this.told.set(player.id, connected(player.id));
  }

  /** The whole roster now, for a host that attaches; the next changes build on it. */
  current(state: GameState, connected: Connected, nowMs: number): Roster {
    return { seq: this.seq, players: rosterEntries(state, connected, nowMs) };
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
    return { seq: this.seq, joined, gone, connected: nowConnected, disconnected };
  }
}
