import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lanAddresses, type Interfaces } from '../../server/src/network/lan-addresses.ts';
import { startLiveServer, type LiveServer } from '../support/live-server.ts';
import { testApp } from '../support/http.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

/** A laptop on the school Wi-Fi that also runs containers. */
const LAPTOP: Interfaces = {
  lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
  docker0: [{ address: '172.17.0.1', netmask: '255.255.0.0', family: 'IPv4', mac: '02:42:00:00:00:01', internal: false, cidr: '172.17.0.1/16' }],
  wlp2s0: [
    { address: '192.168.1.23', netmask: '255.255.255.0', family: 'IPv4', mac: 'aa:bb:cc:dd:ee:ff', internal: false, cidr: '192.168.1.23/24' },
    { address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: 'aa:bb:cc:dd:ee:ff', internal: false, cidr: 'fe80::1/64', scopeid: 2 },
    { address: '2001:db8::23', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: 'aa:bb:cc:dd:ee:ff', internal: false, cidr: '2001:db8::23/64', scopeid: 0 },
  ],
};

describe('the addresses students can reach', () => {
  it('lists the machine\'s own network first, IPv4 first, never loopback or link-local', () => {
    expect(lanAddresses('::', LAPTOP).map((a) => a.address)).toEqual(['192.168.1.23', '2001:db8::23', '172.17.0.1']);
    expect(lanAddresses('0.0.0.0', LAPTOP).map((a) => a.address)).toEqual(['192.168.1.23', '172.17.0.1']);
    expect(lanAddresses('192.168.1.23', LAPTOP).map((a) => a.address)).toEqual(['192.168.1.23']);
    expect(lanAddresses('127.0.0.1', LAPTOP)).toEqual([]);
    expect(lanAddresses('localhost', LAPTOP)).toEqual([]);
  });
});

describe('join links', () => {
  let server: LiveServer;
  let host: Awaited<ReturnType<LiveServer['instructor']>>;
  beforeAll(async () => {
    server = await startLiveServer({ app: { lanAddresses: () => lanAddresses('0.0.0.0', LAPTOP) } });
    host = await server.instructor();
  });
  afterAll(() => server.close());

  const openGame = async (hostHeader: string) => {
    const quiz = await host.agent.post('/api/quizzes').send({ title: 'Links', questions: [{ questionId: 'sdlc.codebuild.001' }] }).expect(201);
    return (await host.agent.post('/api/games').set('Host', hostHeader).send({ quizId: quiz.body.id }).expect(201)).body;
  };

  it('point at the LAN address when the instructor is on localhost, with every other choice', async () => {
    for (const loopback of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000']) {
      const game = await openGame(loopback);
      expect(game.joinUrl).toBe(`http://192.168.1.23:3000/join/${game.code}`);
      expect(game.joinUrls).toEqual([`http://192.168.1.23:3000/join/${game.code}`, `http://172.17.0.1:3000/join/${game.code}`]);
      expect(game.localOnly).toBe(false);
    }
    const links = (await host.agent.get('/api/join-links').set('Host', 'localhost:3000').expect(200)).body;
    expect(links).toEqual({
      preferred: 'http://192.168.1.23:3000',
      choices: [
        { url: 'http://192.168.1.23:3000', label: '192.168.1.23 (wlp2s0)' },
        { url: 'http://172.17.0.1:3000', label: '172.17.0.1 (docker0)' },
      ],
      localOnly: false,
    });
  });

  it('keep the address the instructor used when students can reach it', async () => {
    const game = await openGame('quiz.school.example:8080');
    expect(game.joinUrl).toBe(`http://quiz.school.example:8080/join/${game.code}`);
  });

  it('are only for this computer, and say so, when the machine has no LAN address', async () => {
    const lonely = await startLiveServer({ app: { lanAddresses: () => [] } });
    const owner = await lonely.instructor();
    const links = (await owner.agent.get('/api/join-links').set('Host', 'localhost:3000').expect(200)).body;
    expect(links).toMatchObject({ preferred: 'http://localhost:3000', localOnly: true });
    await lonely.close();
  });

  it('follow PUBLIC_URL when it is set', async () => {
    const proxied = await startLiveServer({ app: { publicUrl: 'https://quiz.example.edu/', lanAddresses: () => lanAddresses('0.0.0.0', LAPTOP) } });
    const owner = await proxied.instructor();
    const links = (await owner.agent.get('/api/join-links').set('Host', 'localhost:3000').expect(200)).body;
    expect(links).toEqual({ preferred: 'https://quiz.example.edu', choices: [{ url: 'https://quiz.example.edu', label: 'Public address' }], localOnly: false });
    await proxied.close();
  });
});

describe('security headers follow the scheme the browser used', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.close());

  it('over plain HTTP: no HSTS and no upgrade-insecure-requests, the rest of the CSP kept', async () => {
    const res = await request(testApp(t.db).app).get('/api/auth/status').set('Host', '192.168.1.23:3000').expect(200);
    expect(res.headers['strict-transport-security']).toBeUndefined();
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
  });

  it('over HTTPS reported by a trusted proxy: HSTS and upgrade-insecure-requests', async () => {
    const res = await request(testApp(t.db).app).get('/api/auth/status').set('X-Forwarded-Proto', 'https').expect(200);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });

  it('ignores X-Forwarded-Proto from a client that is not a trusted proxy', async () => {
    const res = await request(testApp(t.db, { trustProxy: '10.0.0.1' }).app).get('/api/auth/status').set('X-Forwarded-Proto', 'https').expect(200);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});
