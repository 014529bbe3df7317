/**
 * A short digest of who is in a roster and who is connected (not of the order): a host that
 * attaches again sends its copy's, and gets the roster whole only if the room's differs.
 */
export function rosterDigest(entries: Iterable<{ id: string; connected: boolean }>): string {
  let count = 0;
  let low = 0;
  let high = 0;
  for (const { id, connected } of entries) {
    // Two 32-bit FNV-1a style hashes of the entry, summed: the same whatever the order.
    let h1 = 0x811c9dc5 ^ (connected ? 1 : 2);
    let h2 = 0x01000193 ^ (connected ? 3 : 4);
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    low = (low + (h1 >>> 0)) >>> 0;
    high = (high + ((h2 ^ (h2 >>> 15)) >>> 0)) >>> 0;
    count += 1;
  }
  return `${count}.${low.toString(36)}.${high.toString(36)}`;
}
