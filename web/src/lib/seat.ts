/**
 * What this browser keeps about its student, in localStorage: the seat in a game (room code,
 * rejoin token, nickname) and a random id of the browser itself, sent with every join so a
 * host's removal covers this browser. No socket code here: the join page reads it before it
 * downloads anything else.
 */
const SEAT_KEY = 'dopquiz.player';
const DEVICE_KEY = 'dopquiz.device';

export type Seat = { code: string; token: string; nickname: string };

export function savedSeat(): Seat | null {
  try {
    const seat = JSON.parse(localStorage.getItem(SEAT_KEY) ?? 'null');
    return seat && typeof seat.code === 'string' && typeof seat.token === 'string' ? seat : null;
  } catch {
    return null;
  }
}

export function saveSeat(seat: Seat) {
  localStorage.setItem(SEAT_KEY, JSON.stringify(seat));
}

export function forgetSeat() {
  localStorage.removeItem(SEAT_KEY);
}

/** 22 url-safe characters (128 random bits), made once per browser and kept. */
export function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id || !/^[\w-]{16,64}$/.test(id)) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    id = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}
