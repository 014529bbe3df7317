/** What a room's timers do when they fire. */
export type RoomAlarms = {
  /** The open question's time is up. */
  timeUp: () => void;
  /** No host came back within the grace time. */
  hostGone: () => void;
  /** A finished room has lingered long enough. */
  linger: () => void;
};

/**
 * A room's three timers (the open question's deadline, the host's absence, the finished
 * room's linger): each set again replaces itself, and all die with the room.
 */
export class RoomTimers {
  private question: NodeJS.Timeout | undefined;
  private hostAbsent: NodeJS.Timeout | undefined;
  private lingering: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly alarms: RoomAlarms,
    private readonly timings: { hostGraceMs: number; lingerMs: number },
  ) {}

  /** The question closes in `ms` (none when null: no question open, or paused). */
  questionIn(ms: number | null) {
    clearTimeout(this.question);
    this.question = undefined;
    if (ms === null || this.stopped) return;
    this.question = setTimeout(this.alarms.timeUp, Math.max(0, ms));
  }

  /** Starts the host's grace time unless it runs already; `false` cancels it. */
  hostAway(away: boolean) {
    if (!away) {
      clearTimeout(this.hostAbsent);
      this.hostAbsent = undefined;
      return;
    }
    if (this.stopped || this.hostAbsent) return;
    this.hostAbsent = setTimeout(this.alarms.hostGone, this.timings.hostGraceMs);
    this.hostAbsent.unref();
  }

  /** The game is over: the room closes after lingering. */
  linger() {
    clearTimeout(this.lingering);
    if (this.stopped) return;
    this.lingering = setTimeout(this.alarms.linger, this.timings.lingerMs);
    this.lingering.unref();
  }

  stop() {
    this.stopped = true;
    for (const timer of [this.question, this.hostAbsent, this.lingering]) clearTimeout(timer);
  }
}
