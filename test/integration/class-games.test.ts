import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askQuestion, call, next, startLiveServer, type LiveServer } from '../support/live-server.ts';
import { answerErrors } from '../support/openapi.ts';

/**
 * A class of 30 over real sockets: everyone joins by the invite link, three games on three days
 * (five students on a second device through their recovery code, one seat moved to another
 * device mid-game, one student who joined the class twice and was merged, a reconnect), and
 * every per-student and class-matrix figure is checked against the answers the games stored.
 */
const STUDENTS = 30;
type Student = { name: string; memberId: string; token: string; recoveryCode: string; devices: string[] };
type Question = { id: string; topicId: string; domainId: string; answer: number[]; wrong: number };

describe('games for a class', () => {
  let server: LiveServer;
  let host: Awaited<ReturnType<LiveServer['instructor']>>;
  let other: Awaited<ReturnType<LiveServer['instructor']>>;
  let http: ReturnType<typeof request>;
  let classId: string;
  let quizId: string;
  const students: Student[] = [];
  const questions: Question[] = [];
  const gameIds: string[] = [];
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  /** Whether student i answers question q of game g right: a spread with known totals. */
  const right = (i: number, q: number, g: number) => (i * 7 + q * 3 + g * 5) % 4 !== 0;

  async function openGame(guests: 'admit' | 'refuse', renaming = false) {
    const game = await host.agent.post('/api/games').send({ quizId, class: { id: classId, guests, renaming } }).expect(201);
    const socket = server.host(host.cookie);
    expect(await call(socket, 'host:attach', { code: game.body.code })).toMatchObject({ ok: true });
    gameIds.push(game.body.gameId);
    return { code: game.body.code as string, gameId: game.body.gameId as string, host: socket };
  }

  const joinAs = async (code: string, tokens: string[], nickname = '') => {
    const socket = server.player();
    const ack = await call(socket, 'player:join', { code, nickname, studentTokens: tokens });
    return { socket, ack };
  };

  /** Plays every question; `players` answer by `right(student, q, g)`, guests always right. */
  async function playAll(g: number, hostSocket: Socket, seats: { socket: Socket; student: number | null }[]) {
    for (const [q, question] of questions.entries()) {
      const answers = seats.map(({ socket, student }): [Socket, number[]] => [socket, student === null || right(student, q, g) ? question.answer : [question.wrong]]);
      await askQuestion(hostSocket, q, answers, seats.map((s) => s.socket));
      expect(await call(hostSocket, 'host:next')).toEqual({ ok: true });
    }
    const podium = next(hostSocket, 'host:view', (v) => v.phase === 'podium');
    expect(await call(hostSocket, 'host:next')).toEqual({ ok: true });
    await podium;
  }

  /** The games happened on different days. */
  const playedOn = (gameId: string, day: number) => server.db.game.update({ where: { id: gameId }, data: { startedAt: new Date(Date.UTC(2027, 0, 11 + day, 9)) } });

  beforeAll(async () => {
    server = await startLiveServer();
    http = request(server.url);
    host = await server.instructor();
    other = await server.instructor();
    const created = await host.agent.post('/api/classes').send({ name: 'Cohort 7' }).expect(201);
    classId = created.body.id;
    const invite = created.body.inviteUrl.split('/c/')[1];
    for (let i = 0; i < STUDENTS; i++) {
      const joined = await http.post(`/api/student/invite/${invite}/join`).send({ name: `Student ${String(i + 1).padStart(2, '0')}` }).expect(201);
      students.push({ name: joined.body.member.name, memberId: joined.body.member.id, token: joined.body.token, recoveryCode: joined.body.recoveryCode, devices: [joined.body.token] });
    }
    for (const domainId of ['sdlc', 'security', 'monitoring']) {
      const rows = await server.db.question.findMany({ where: { type: 'single', topic: { domainId }, archivedAt: null }, orderBy: { id: 'asc' }, take: 2 });
      for (const row of rows) questions.push({ id: row.id, topicId: row.topicId, domainId, answer: row.answer, wrong: row.options.findIndex((_, k) => !row.answer.includes(k)) });
    }
    const quiz = await host.agent.post('/api/quizzes').send({ title: 'Week', questions: questions.map((q) => ({ questionId: q.id, timeLimitSec: 60, readingSec: 0 })) }).expect(201);
    quizId = quiz.body.id;

    // Day 1: guests refused; everyone joins with their class name; one reconnects with the rejoin token.
    {
      const game = await openGame('refuse');
      const guest = await joinAs(game.code, [], 'Gatecrasher');
      expect(guest.ack).toMatchObject({ ok: false, error: { code: 'GUESTS_REFUSED' } });
      const foreign = await joinAs(game.code, ['z'.repeat(43)], 'Stranger');
      expect(foreign.ack).toMatchObject({ ok: false, error: { code: 'GUESTS_REFUSED' } });
      const seats = [];
      for (const [i, s] of students.entries()) {
        const { socket, ack } = await joinAs(game.code, [s.token], 'Ignored nickname');
        expect(ack).toMatchObject({ ok: true, view: { phase: 'lobby' } });
        seats.push({ socket, student: i as number | null, rejoinToken: ack.rejoinToken as string });
      }
      expect((await server.db.player.findMany({ where: { gameId: game.gameId }, orderBy: { nickname: 'asc' } })).map((p) => [p.nickname, p.memberId])).toEqual(
        students.map((s) => [s.name, s.memberId]),
      );
      // Student 01 drops and comes back on a new connection: the same seat.
      seats[0]!.socket.disconnect();
      const back = server.player();
      expect(await call(back, 'player:rejoin', { code: game.code, token: seats[0]!.rejoinToken })).toMatchObject({ ok: true });
      seats[0] = { ...seats[0]!, socket: back };
      await playAll(0, game.host, seats);
      await playedOn(game.gameId, 0);
    }

    // Day 2: guests admitted; students 01-05 play on a second device (recovery code); student 06's
    // seat moves to the second device before the first question.
    {
      for (const s of students.slice(0, 6)) {
        const moved = await http.post('/api/student/recover').send({ code: s.recoveryCode }).expect(201);
        s.devices.push(moved.body.token);
      }
      const game = await openGame('admit', true);
      const seats: { socket: Socket; student: number | null }[] = [];
      let firstDeviceToken = '';
      for (const [i, s] of students.entries()) {
        const token = i < 5 ? s.devices[1]! : s.token;
        const { socket, ack } = await joinAs(game.code, ['y'.repeat(43), token], i === 7 ? 'Seven' : '');
        expect(ack).toMatchObject({ ok: true });
        seats.push({ socket, student: i });
        if (i === 5) firstDeviceToken = ack.rejoinToken;
      }
      const s6 = students[5]!;
      const first = seats[5]!;
      const { socket: secondDevice, ack: moved } = await joinAs(game.code, [s6.devices[1]!]);
      expect(moved).toMatchObject({ ok: true });
      const stored = await server.db.player.findMany({ where: { gameId: game.gameId, memberId: s6.memberId } });
      expect(stored).toHaveLength(1);
      expect(moved.playerId).toBe(stored[0]!.id);
      // The seat's rejoin token is the new device's now: the first device's no longer rejoins.
      expect(await call(server.player(), 'player:rejoin', { code: game.code, token: firstDeviceToken })).toMatchObject({ ok: false, error: { code: 'INVALID_TOKEN' } });
      first.socket.disconnect();
      seats[5] = { socket: secondDevice, student: 5 };
      const guest = await joinAs(game.code, [], 'Visitor');
      expect(guest.ack).toMatchObject({ ok: true });
      seats.push({ socket: guest.socket, student: null });
      // With renaming allowed, a member may play under a nickname of their own.
      expect((await server.db.player.findFirstOrThrow({ where: { gameId: game.gameId, memberId: students[7]!.memberId } })).nickname).toBe('Seven');
      await playAll(1, game.host, seats);
      await playedOn(game.gameId, 1);
    }

    // Day 3: student 07 lost their phone and joined the class again as "Student 07 b"; merged later.
    {
      const s7 = students[6]!;
      const again = await http.post(`/api/student/invite/${invite}/join`).send({ name: 'Student 07 b' }).expect(201);
      const game = await openGame('admit');
      const seats: { socket: Socket; student: number | null }[] = [];
      for (const [i, s] of students.entries()) {
        const { socket, ack } = await joinAs(game.code, [i === 6 ? again.body.token : s.token]);
        expect(ack).toMatchObject({ ok: true });
        seats.push({ socket, student: i });
      }
      await playAll(2, game.host, seats);
      await playedOn(game.gameId, 2);
      const merged = await host.agent.post(`/api/classes/${classId}/members/${s7.memberId}/merge`).send({ from: again.body.member.id }).expect(200);
      expect(merged.body).toMatchObject({ name: 'Student 07', games: 3, devices: 2 });
      s7.devices.push(again.body.token);
    }
  }, 180_000);
  afterAll(() => server.close());

  /** Per member and domain (and topic), straight from the stored rows. */
  async function storedCounts() {
    const rows = await server.db.answer.findMany({
      where: { game: { classId }, player: { kickedAt: null } },
      select: { correct: true, topicId: true, topic: { select: { domainId: true } }, player: { select: { memberId: true } } },
    });
    const count = new Map<string, { attempts: number; correct: number }>();
    const add = (key: string, correct: boolean) => {
      const c = count.get(key) ?? { attempts: 0, correct: 0 };
      c.attempts += 1;
      c.correct += correct ? 1 : 0;
      count.set(key, c);
    };
    for (const row of rows) {
      add(`class/${row.topic.domainId}`, row.correct);
      if (!row.player?.memberId) continue;
      add(`${row.player.memberId}/${row.topic.domainId}`, row.correct);
      add(`${row.player.memberId}/topic/${row.topicId}`, row.correct);
      add(`${row.player.memberId}`, row.correct);
    }
    return { count, total: rows.length };
  }

  it('links every answer of a class game to the member who gave it, on any device', async () => {
    const { count, total } = await storedCounts();
    // 30 x 6 per game, plus the guest's 6 on day 2.
    expect(total).toBe(3 * STUDENTS * questions.length + questions.length);
    for (const [i, s] of students.entries()) {
      const expected = [0, 1, 2].reduce((n, g) => n + questions.filter((_, q) => right(i, q, g)).length, 0);
      expect(count.get(s.memberId)).toEqual({ attempts: 18, correct: expected });
    }
    expect(await server.db.player.count({ where: { game: { classId }, memberId: null } })).toBe(1);
  });

  it('gives each student the class-level definitions on their own answers, equal to what was stored', async () => {
    const { count } = await storedCounts();
    for (const s of students) {
      const { body } = await host.agent.get(`/api/classes/${classId}/members/${s.memberId}/mastery`).expect(200);
      expect(body.member).toMatchObject({ id: s.memberId, name: s.name });
      expect(body.mastery.gameCount).toBe(3);
      expect(body.mastery.answerCount).toBe(18);
      for (const d of body.mastery.domains) {
        const stored = count.get(`${s.memberId}/${d.domainId}`) ?? { attempts: 0, correct: 0 };
        expect([d.domainId, d.attempts, d.correct]).toEqual([d.domainId, stored.attempts, stored.correct]);
      }
      for (const t of body.mastery.topics) {
        expect([t.topicId, t.attempts, t.correct, t.games]).toEqual([t.topicId, count.get(`${s.memberId}/topic/${t.topicId}`)!.attempts, count.get(`${s.memberId}/topic/${t.topicId}`)!.correct, 3]);
        expect(t.accuracy).toBeCloseTo(t.correct / t.attempts, 12);
      }
      // Weakest first, as in the class view.
      const priorities = body.mastery.topics.map((t: any) => t.priority);
      expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
      expect(body.recentGames.map((g: any) => g.gameId)).toEqual([...gameIds].reverse());
      expect(body.recentGames.map((g: any) => g.answered)).toEqual([6, 6, 6]);
    }
  });

  it('fills the class matrix, students x domains, with the stored numbers and sorts it by readiness', async () => {
    const { count } = await storedCounts();
    const { body } = await host.agent.get(`/api/classes/${classId}/matrix`).expect(200);
    expect(body.domains.map((d: any) => d.domainId)).toEqual(['sdlc', 'config-iac', 'resilience', 'monitoring', 'incident-response', 'security', 'other']);
    expect(body.students).toHaveLength(STUDENTS);
    for (const row of body.students) {
      for (const cell of row.cells) {
        const stored = count.get(`${row.memberId}/${cell.domainId}`) ?? { attempts: 0, correct: 0 };
        expect([row.name, cell.domainId, cell.attempts, cell.correct]).toEqual([row.name, cell.domainId, stored.attempts, stored.correct]);
      }
      expect(row.games).toBe(3);
      // Three of six weighted domains practised: the others say so.
      expect(row.readiness.tooFewAnswers).toEqual(['config-iac', 'resilience', 'incident-response']);
      expect(row.readiness.low).toBeLessThan(row.readiness.estimate);
      expect(row.readiness.high).toBeGreaterThan(row.readiness.estimate);
    }
    const estimates = body.students.map((r: any) => r.readiness.estimate);
    expect(estimates).toEqual([...estimates].sort((a, b) => b - a));

    const csv = await host.agent.get(`/api/classes/${classId}/matrix?format=csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines).toHaveLength(STUDENTS + 1);
    expect(lines[0]).toMatch(/^name,externalId,games,answers,correct,accuracy,readiness,readinessLow,readinessHigh,tooFewAnswers,sdlc\.answers,sdlc\.accuracy/);

    // The class-level view of the class's games keeps counting everyone, the guest included.
    const classView = await host.agent.get(`/api/classes/${classId}/mastery`).expect(200);
    for (const d of classView.body.domains) expect(d.attempts).toBe(count.get(`class/${d.domainId}`)?.attempts ?? 0);
  });

  it('answers the mastery, matrix and student pages exactly as the OpenAPI document describes them', async () => {
    const member = students[0]!;
    const answers: [string, string, unknown][] = [
      ['/api/classes/:id/mastery', 'the class', (await host.agent.get(`/api/classes/${classId}/mastery`).expect(200)).body],
      ['/api/classes/:id/matrix', 'the matrix', (await host.agent.get(`/api/classes/${classId}/matrix`).expect(200)).body],
      ['/api/classes/:id/members/:memberId/mastery', 'one student', (await host.agent.get(`/api/classes/${classId}/members/${member.memberId}/mastery`).expect(200)).body],
      ['/api/student/progress', 'their own page', (await http.get('/api/student/progress').set(bearer(member.token)).expect(200)).body],
    ];
    for (const [route, what, body] of answers) expect(answerErrors('get', route, 200, body), what).toEqual([]);
  });

  it('shows a student their own page from their token, on every device, and nobody else’s', async () => {
    const [a, b] = [students[0]!, students[1]!];
    const own = await http.get('/api/student/progress').set(bearer(a.devices[1]!)).expect(200);
    const seen = await host.agent.get(`/api/classes/${classId}/members/${a.memberId}/mastery`).expect(200);
    expect(own.body.mastery.domains).toEqual(seen.body.mastery.domains);
    expect(own.body.readiness).toEqual(seen.body.readiness);
    const theirs = await http.get('/api/student/progress').set(bearer(b.token)).expect(200);
    expect(theirs.body.member.id).toBe(b.memberId);
    // A student token opens no instructor route, and another instructor sees nothing of the class.
    expect((await http.get(`/api/classes/${classId}/members/${b.memberId}/mastery`).set(bearer(a.token)).expect(401)).body.error.code).toBe('UNAUTHENTICATED');
    expect((await other.agent.get(`/api/classes/${classId}/matrix`).expect(403)).body.error.code).toBe('FORBIDDEN');
    expect((await other.agent.get(`/api/classes/${classId}/members/${a.memberId}/mastery`).expect(403)).body.error.code).toBe('FORBIDDEN');
    // The merged student's page counts both identities' answers.
    const merged = await http.get('/api/student/progress').set(bearer(students[6]!.devices[1]!)).expect(200);
    expect(merged.body.mastery.answerCount).toBe(18);
  });

  it('keeps a removed student’s answers in the class’s numbers, unnamed', async () => {
    const before = await host.agent.get(`/api/classes/${classId}/mastery`).expect(200);
    const gone = students[29]!;
    await host.agent.delete(`/api/classes/${classId}/members/${gone.memberId}`).expect(204);
    const after = await host.agent.get(`/api/classes/${classId}/mastery`).expect(200);
    expect(after.body.domains).toEqual(before.body.domains);
    expect((await host.agent.get(`/api/classes/${classId}/matrix`).expect(200)).body.students).toHaveLength(STUDENTS - 1);
    expect(await server.db.player.count({ where: { nickname: gone.name } })).toBe(0);
    for (const gameId of gameIds) {
      const game = await server.db.game.findUniqueOrThrow({ where: { id: gameId } });
      expect(JSON.stringify(game.snapshot)).not.toContain(gone.name);
    }
    await http.get('/api/student/progress').set(bearer(gone.token)).expect(401);
  });

  it('takes a removed student out of a class game still open: the seat leaves play and stops being the member', async () => {
    const gone = students[28]!;
    const stays = students[27]!;
    const game = await openGame('admit');
    const removed = await joinAs(game.code, [gone.token]);
    const kept = await joinAs(game.code, [stays.token]);
    expect([removed.ack.ok, kept.ack.ok]).toEqual([true, true]);
    const seat = removed.ack.playerId as string;
    expect(await server.db.player.findUniqueOrThrow({ where: { id: seat } })).toMatchObject({ memberId: gone.memberId, nickname: gone.name });
    const question = next(kept.socket, 'game:question');
    expect(await call(game.host, 'host:start')).toEqual({ ok: true });
    await question;

    const kicked = next(removed.socket, 'game:view', (view: { phase: string }) => view.phase === 'kicked');
    await host.agent.delete(`/api/classes/${classId}/members/${gone.memberId}`).expect(204);
    await kicked;
    // Out of play on the host's screen and in the store; the seat row is no longer the member's.
    const attached = await call(game.host, 'host:attach', { code: game.code });
    expect(attached.roster.players.map((p: { id: string }) => p.id)).not.toContain(seat);
    expect(attached.roster.players.map((p: { id: string }) => p.id)).toContain(kept.ack.playerId);
    expect(await server.db.player.findUniqueOrThrow({ where: { id: seat } })).toMatchObject({ memberId: null, nickname: 'Removed student', kickedAt: expect.any(Date) });
    // The phone cannot answer, come back with its rejoin token, or sit down as the member again.
    expect(await call(removed.socket, 'player:answer', { questionIndex: 0, choices: [0] })).toMatchObject({ ok: false });
    const back = server.player();
    expect(await call(back, 'player:rejoin', { code: game.code, token: removed.ack.rejoinToken })).toMatchObject({ ok: false, error: { code: 'PLAYER_KICKED' } });
    // Its token is gone with the identity: the same phone is a guest now (this game admits guests).
    const again = await joinAs(game.code, [gone.token], 'Back again');
    expect(again.ack).toMatchObject({ ok: true });
    expect(await server.db.player.findUniqueOrThrow({ where: { id: again.ack.playerId } })).toMatchObject({ memberId: null, nickname: 'Back again' });
    // The student who stays plays on as the member.
    expect(await call(kept.socket, 'player:answer', { questionIndex: 0, choices: questions[0]!.answer })).toMatchObject({ ok: true });
    expect(await server.db.player.findUniqueOrThrow({ where: { id: kept.ack.playerId } })).toMatchObject({ memberId: stays.memberId, kickedAt: null });
    // Once the game is over its record keeps no name of the removed student.
    const ended = next(game.host, 'host:view', (view: { phase: string }) => view.phase === 'podium');
    expect(await call(game.host, 'host:end')).toEqual({ ok: true });
    await ended;
    await expect.poll(async () => (await server.db.game.findUniqueOrThrow({ where: { id: game.gameId } })).status).toBe('ended');
    const record = await server.db.game.findUniqueOrThrow({ where: { id: game.gameId } });
    expect(JSON.stringify(record.snapshot)).not.toContain(gone.name);
    expect(JSON.stringify(record.snapshot)).toContain(stays.name);
    expect((record.snapshot as { players: Record<string, { nickname: string }> }).players[seat]!.nickname).toBe('Removed student');
  });

  it('opens a review game for one student, a group or the class, for the class', async () => {
    const one = await host.agent.post(`/api/classes/${classId}/review`).send({ memberIds: [students[0]!.memberId], count: 4 }).expect(201);
    expect(one.body.topics.length).toBeGreaterThan(0);
    const game = await server.db.game.findUniqueOrThrow({ where: { id: one.body.gameId }, include: { quiz: true } });
    expect(game.classId).toBe(classId);
    expect(game.quiz!.title).toBe('Review: Student 01');
    const group = await host.agent.post(`/api/classes/${classId}/review`).send({ memberIds: [students[1]!.memberId, students[2]!.memberId], count: 4, guests: 'refuse' }).expect(201);
    expect(group.body.joinUrl).toMatch(/\/join\/[A-Z0-9]{6}$/);
    await host.agent.post(`/api/classes/${classId}/review`).send({}).expect(201);
    expect((await other.agent.post(`/api/classes/${classId}/review`).send({}).expect(403)).body.error.code).toBe('FORBIDDEN');
    expect((await host.agent.post('/api/classes/not-a-class/review').send({}).expect(400)).body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'id' }] });
    expect((await host.agent.post('/api/classes/00000000-0000-4000-8000-000000000000/review').send({}).expect(404)).body.error.code).toBe('CLASS_NOT_FOUND');
    // The weakest topics come from the sources asked for: the class's games are all live.
    expect((await host.agent.post(`/api/classes/${classId}/review`).send({ sources: ['assignment', 'simulation'] }).expect(400)).body.error.code).toBe('NOTHING_MISSED');
    expect((await host.agent.post(`/api/classes/${classId}/review`).send({ sources: ['nope'] }).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
  });
});
