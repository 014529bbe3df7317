import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';

/** The Redis the tests share (the local one unless TEST_REDIS_URL says otherwise). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix nobody else uses, so parallel runs and files never see each other's keys. */
export function uniqueRedisPrefix(): string {
  return `quiz-test:${randomBytes(6).toString('hex')}:`;
}

/** A connected client, and a way to delete every key under a prefix when the test is done. */
export async function connectTestRedis() {
  const client = createClient({ url: TEST_REDIS_URL });
  client.on('error', () => {});
  await client.connect();
  return {
    client,
    async dropPrefix(prefix: string) {
      const keys: string[] = [];
      for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) keys.push(...batch);
      if (keys.length) await client.del(keys);
    },
    async close() {
      await client.quit().catch(() => undefined);
    },
  };
}
