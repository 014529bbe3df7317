import { PlayerSession } from './player-session.svelte.ts';

/** This browser's seat as a student (one at a time). */
export const player = new PlayerSession();
