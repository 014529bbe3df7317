import { describe, expect, it } from 'vitest';
import { createGame, reduce, type Command, type GameState } from '../../../server/src/game/index.ts';
import { cleanNickname, nicknameKeys } from '../../../server/src/game/nickname.ts';

const game = () => createGame({ questions: [{ id: 'q', topicId: 't', type: 'single', prompt: 'Q?', options: ['A', 'B'], answer: [0], explanation: 'E', timeLimitMs: 20_000, doublePoints: false }] });
const join = (playerId: string, nickname: string): Command => ({ type: 'join', playerId, nickname });

function roomWith(...nicknames: string[]): GameState {
  let state = game();
  nicknames.forEach((nickname, i) => {
    const result = reduce(state, join(`p${i}`, nickname), 0);
    if (!result.ok) throw new Error(`${nickname}: ${result.error.code}`);
    state = result.state;
  });
  return state;
}

const refusal = (state: GameState, nickname: string) => {
  const result = reduce(state, join('new', nickname), 0);
  return result.ok ? `accepted as ${JSON.stringify(result.state.players.new!.nickname)}` : result.error.code;
};

describe('nicknames', () => {
  it.each([
    ['trailing zero-width space', 'Ana\u200B'],
    ['leading zero-width space', '\u200BAna'],
    ['Cyrillic capital A', '\u0410na'],
    ['full-width letters', '\uFF21\uFF4E\uFF41'],
    ['variation selector', 'Ana\uFE0F'],
    ['combining acute accent', 'A\u0301na'],
    ['right-to-left override', '\u202EAna'],
    ['zero-width joiner inside', 'A\u200Dna'],
    ['word joiner and soft hyphen', 'A\u2060n\u00ADa'],
    ['Greek capitals', '\u0391\u039D\u0391'],
    ['Cyrillic small a', 'An\u0430'],
    ['upper case', 'ANA'],
    ['no-break space around', '\u00A0Ana\u3000'],
  ])('refuses a look-alike of "Ana" as taken: %s', (_, lookalike) => {
    expect(refusal(roomWith('Ana'), lookalike)).toBe('NICKNAME_TAKEN');
  });

  it('refuses the look-alikes the other way round too (the look-alike came first)', () => {
    expect(refusal(roomWith('\u0410na'), 'Ana')).toBe('NICKNAME_TAKEN');
    expect(refusal(roomWith('\uFF21\uFF4E\uFF41'), 'ana')).toBe('NICKNAME_TAKEN');
  });

  it('treats a capital I and a small l as alike, whatever the case of the rest', () => {
    expect(refusal(roomWith('Ian'), 'lan')).toBe('NICKNAME_TAKEN');
    expect(refusal(roomWith('Ian'), 'ian')).toBe('NICKNAME_TAKEN');
    expect(refusal(roomWith('Bill'), 'BilI')).toBe('NICKNAME_TAKEN');
    expect(refusal(roomWith('Nick0'), 'NickO')).toBe('NICKNAME_TAKEN');
  });

  it('still tells different names apart', () => {
    const room = roomWith('Ana', 'Lia', 'Bob', 'Дмитрий', '李雷', 'Zoë ⭐');
    for (const name of ['Anna', 'Ina', 'Ila', 'Rob', 'Bo', 'Дима', '李', 'Zoe ⭐⭐', 'Ana 2']) {
      expect(refusal(room, name), name).toMatch(/^accepted/);
    }
  });

  it('shows and stores the normalised name, without its invisible characters', () => {
    expect(cleanNickname('\uFF21\uFF4E\uFF41')).toBe('Ana');
    expect(cleanNickname('A\u0301na')).toBe('\u00C1na');
    expect(cleanNickname('\u202EanA')).toBe('anA');
    expect(cleanNickname('Ana\u200B\uFE0F')).toBe('Ana');
    expect(cleanNickname('  Mary \u00A0\u2003 Jane  ')).toBe('Mary Jane');
    expect(cleanNickname('\u2167')).toBe('VIII');
    expect(refusal(game(), '\u202EanA\u200B')).toBe('accepted as "anA"');
  });

  it('refuses a name that is empty once its invisible characters are gone, or too long once normalised', () => {
    expect(cleanNickname('\u200B\u200D\u202E')).toBeNull();
    expect(cleanNickname('\uFE0F')).toBeNull();
    // U+FDFA is one character that NFKC spells out in 18: together with three more it is over 20.
    expect(cleanNickname('\uFDFAabc')).toBeNull();
    expect(cleanNickname('\u0301Ana')).toBeNull();
    expect(cleanNickname('x'.repeat(20) + '\u200B')).toBe('x'.repeat(20));
  });

  it('gives the same keys to a name and its look-alikes, in both forms', () => {
    const [visual, folded] = nicknameKeys('Ana');
    expect(nicknameKeys('\u0410NA')).toContain(visual);
    expect(nicknameKeys('ana')).toContain(folded);
  });
});
