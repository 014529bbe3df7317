import { describe, expect, it } from 'vitest';
import { nulAt } from '../../server/src/validation.ts';

describe('finding a NUL character in a request', () => {
  it('names the first place it occurs, in a key or a value, in document order', () => {
    expect(nulAt({ a: 'fine', b: ['x', 'y\u0000'] })).toEqual(['b', 1]);
    expect(nulAt({ a: 'x\u0000', 'b\u0000': 1 })).toEqual(['a']);
    expect(nulAt({ a: { 'k\u0000': 'v' }, b: 'y\u0000' })).toEqual(['a', 'k\u0000']);
    expect(nulAt('top\u0000')).toEqual([]);
    expect(nulAt({ a: [1, true, null, 'ok'] })).toBeNull();
  });

  it('walks a body nested far deeper than the call stack goes', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(nulAt(deep)).toHaveLength(200_000);
  });
});
