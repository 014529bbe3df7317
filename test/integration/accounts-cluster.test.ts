import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../support/cluster.ts';

const admin = { email: 'admin@school.test', name: 'Admin', password: 'the admin password' };

/** Two nodes sharing PostgreSQL and Redis: sessions and sign-in limits are the cluster's, not a node's. */
describe('accounts across two nodes', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2, redis: true });
    await request(cluster.nodes[0]!.url).post('/api/auth/setup').send(admin).expect(201);
  }, 120_000);
  afterAll(() => cluster?.close());

  it('a sign-out on one node closes the host socket on the other at once', async () => {
    const [a, b] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
    const signedIn = await request(a.url).post('/api/auth/login').send({ email: admin.email, password: admin.password }).expect(200);
    const cookie = (signedIn.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
    const host = cluster.open(b, '/host', cookie);
    await new Promise<void>((resolve, reject) => {
      host.once('connect', resolve);
      host.once('connect_error', reject);
    });
    const gone = new Promise<string>((resolve) => host.once('disconnect', resolve));
    await request(a.url).post('/api/auth/logout').set('Cookie', cookie).expect(204);
    expect(await gone).toBe('io server disconnect');
    await request(b.url).get('/api/me').set('Cookie', cookie).expect(401);
  });

  it('counts sign-in guesses spread over both nodes in one budget; the owner still gets in', async () => {
    const [a, b] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        request((i % 2 ? a : b).url).post('/api/auth/login').set('X-Forwarded-For', '203.0.113.66').send({ email: admin.email, password: `wrong ${i}` }),
      ),
    );
    const counts: Record<number, number> = {};
    for (const { status } of burst) counts[status] = (counts[status] ?? 0) + 1;
    expect(counts).toEqual({ 401: 5, 429: 35 });
    await request(b.url).post('/api/auth/login').set('X-Forwarded-For', '198.51.100.7').send({ email: admin.email, password: admin.password }).expect(200);
  });
});
