/**
 * The projector's optional sound: a soft loop while a question is open and short effects
 * (a player joins, the answer is revealed, the podium). Made with the Web Audio API, so there
 * is no file to download; muted with one visible button, and the choice is kept.
 */
const KEY = 'dopquiz.sound';

type Effect = 'join' | 'reveal' | 'podium' | 'tick';

const NOTES: Record<Effect, [number, number][]> = {
  join: [[880, 0.08]],
  tick: [[1320, 0.04]],
  reveal: [[523.25, 0.12], [659.25, 0.12], [783.99, 0.25]],
  podium: [[523.25, 0.15], [659.25, 0.15], [783.99, 0.15], [1046.5, 0.5]],
};
const LOOP = [261.63, 329.63, 392, 329.63, 293.66, 349.23, 440, 349.23];

class Sound {
  on = $state(typeof localStorage === 'undefined' || localStorage.getItem(KEY) !== 'off');
  private context: AudioContext | null = null;
  private loopTimer: ReturnType<typeof setInterval> | undefined;

  toggle() {
    this.on = !this.on;
    localStorage.setItem(KEY, this.on ? 'on' : 'off');
    if (!this.on) this.stopLoop();
  }

  /** Audio may only start after the host has clicked something on the page. */
  private audio(): AudioContext | null {
    if (!this.on) return null;
    try {
      this.context ??= new AudioContext();
      if (this.context.state === 'suspended') void this.context.resume();
      return this.context;
    } catch {
      return null;
    }
  }

  private tone(frequency: number, start: number, length: number, volume = 0.08) {
    const context = this.audio();
    if (!context) return;
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'triangle';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(volume, context.currentTime + start);
    gain.gain.exponentialRampToValueAtTime(0.0001, context.currentTime + start + length);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(context.currentTime + start);
    oscillator.stop(context.currentTime + start + length + 0.05);
  }

  effect(name: Effect) {
    let at = 0;
    for (const [frequency, length] of NOTES[name]) {
      this.tone(frequency, at, length, 0.12);
      at += length;
    }
  }

  startLoop() {
    this.stopLoop();
    let step = 0;
    this.loopTimer = setInterval(() => this.tone(LOOP[step++ % LOOP.length]!, 0, 0.22, 0.04), 300);
  }

  stopLoop() {
    clearInterval(this.loopTimer);
    this.loopTimer = undefined;
  }
}

export const sound = new Sound();
