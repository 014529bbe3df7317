import fc from 'fast-check';

/** One seed for every fuzz test, so a failure reproduces (override with FUZZ_SEED=…). */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261129);

/** Long strings whose JSON stays small enough (ASCII, no characters JSON escapes). */
export const hugeString = (maxLength: number) =>
  fc
    .tuple(fc.integer({ min: 200, max: maxLength }), fc.constantFrom('x', 'A', '<b>', '&amp;', '9', ' ', 'é'))
    .map(([n, chunk]) => chunk.repeat(Math.ceil(n / chunk.length)).slice(0, n));

/** Nasty short strings: markup, SQL, control characters, unicode, numbers in strings. */
export const nastyString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e',
    '<script>window.__pwned=1</script>',
    "' OR 1=1 --",
    '"; DROP TABLE "Player"; --',
    '${process.exit()}',
    '__proto__',
    'constructor',
    'NaN',
    '-1',
    '1e309',
    '0x10',
    '../../etc/passwd',
    '%00',
    '\uD800',
    '🦄🦄',
    'null',
    'undefined',
    '[object Object]',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.string({ maxLength: 40, unit: 'grapheme' }),
);

/** Numbers of every awkward kind (NaN and ±Infinity become null on the wire). */
export const nastyNumber = fc.oneof(
  fc.integer({ min: -5, max: 12 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-0, 0.5, 1e21, -1e21, Number.MAX_SAFE_INTEGER + 2, Number.MIN_SAFE_INTEGER - 2, 2 ** 31, -(2 ** 31) - 1, NaN, Infinity, -Infinity),
);

/** Objects that try prototype pollution once parsed with JSON.parse. */
export const pollution = fc.constantFrom(
  JSON.parse('{"__proto__": {"polluted": "yes"}}') as unknown,
  JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}') as unknown,
  JSON.parse('{"code": "ABCDEF", "nickname": "x", "__proto__": {"polluted": "yes"}}') as unknown,
);

/** Any junk value: JSON-ish values, deep nesting, arrays, binary, pollution attempts. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(null, undefined, true, false, 0, '', [], {}, [[]], [{}]), weight: 3 },
  { arbitrary: nastyNumber, weight: 2 },
  { arbitrary: nastyString, weight: 3 },
  { arbitrary: fc.jsonValue({ maxDepth: 4 }), weight: 3 },
  { arbitrary: fc.anything({ maxDepth: 6, maxKeys: 6, withDate: true, withSparseArray: true, withBoxedValues: true, withNullPrototype: true }), weight: 3 },
  { arbitrary: fc.array(fc.integer({ min: -3, max: 12 }), { maxLength: 12 }), weight: 2 },
  { arbitrary: fc.uint8Array({ maxLength: 64 }), weight: 1 },
  { arbitrary: pollution, weight: 1 },
  {
    // Deeply nested arrays/objects (depth up to 200: still tiny on the wire).
    arbitrary: fc.integer({ min: 20, max: 200 }).map((depth) => {
      let value: unknown = 'deep';
      for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
      return value;
    }),
    weight: 1,
  },
);

/**
 * A record near a valid payload: each field is sometimes good, sometimes junk, sometimes missing;
 * sometimes extra keys are added.
 */
export function nearRecord(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(fields).map(([key, good]) =>
    fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: junk, weight: 2 }, { arbitrary: fc.constant(MISSING), weight: 1 }).map((value) => [key, value] as const),
  );
  // One record in five gets extra keys.
  const extra = fc.oneof(
    { arbitrary: fc.constant(null), weight: 4 },
    { arbitrary: fc.dictionary(fc.oneof(nastyString, fc.constantFrom('admin', 'isHost', 'score', 'playerId', '__proto__')), junk, { minKeys: 1, maxKeys: 3 }), weight: 1 },
  );
  return fc.tuple(fc.tuple(...entries), extra).map(([pairs, more]) => {
    const record: Record<string, unknown> = {};
    for (const [key, value] of pairs) if (value !== MISSING) record[key] = value;
    if (more) for (const [key, value] of Object.entries(more)) Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
    return record;
  });
}
const MISSING = Symbol('missing');

/** What the other side receives after JSON encoding (binary stays binary, as Buffers). */
export function onTheWire(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (value === undefined) return null;
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.values(value).some((v) => v instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue;
      // socket.io-client takes a message with binary apart with `copy[key] = …`: an own
      // "__proto__" key sets the copy's prototype instead and never reaches the wire.
      if (key === '__proto__') continue;
      Object.defineProperty(out, key, { value: onTheWire(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}

/** Whether a value carries binary data anywhere (Socket.IO would send it as attachments). */
export function hasBinary(value: unknown): boolean {
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return true;
  if (!value || typeof value !== 'object') return false;
  return Object.values(value).some(hasBinary);
}

/** Bytes of the JSON encoding (binary counted by length). */
export function wireBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? `${'b'.repeat(v.length)}` : v)) ?? '');
}

/**
 * fc.assert with a short failure report: the seed and path to replay it, and the assertion that
 * failed (fast-check's own report prints the whole counterexample, megabytes for huge strings).
 */
export async function assertQuietly(run: Promise<void>): Promise<void> {
  try {
    await run;
  } catch (error) {
    const e = error as Error & { cause?: Error };
    const replay = /\{ seed: .*\}/.exec(e.message)?.[0] ?? '';
    const failed = e.cause?.message ?? e.message.slice(0, 2000);
    throw new Error(`property failed, replay with ${replay}\n${failed}`, { cause: e.cause });
  }
}
