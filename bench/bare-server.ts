/**
 * The baselines for bench/load.ts: a bare Socket.IO server with the quiz's traffic pattern and no
 * game logic. /play: `player:join` (joins the room, acks), `player:answer` (acks). /host:
 * `host:attach` (acks), `host:next` (broadcasts `game:question` to the room, acks).
 *
 * With BARE_DATABASE_URL set it is the durable floor instead: every answer is one INSERT into
 * PostgreSQL, committed before its ack (what "acknowledged = stored" costs on this stack, with
 * nothing else: no batching, no checks, no game).
 * Prints "bare ready: <port>" when it listens.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { Server } from 'socket.io';

const databaseUrl = process.env.BARE_DATABASE_URL;
const db = databaseUrl ? new pg.Pool({ connectionString: databaseUrl, max: 10 }) : null;
if (db) {
  await db.query(`CREATE TABLE IF NOT EXISTS bare_answer (
    id bigserial PRIMARY KEY, "playerId" text NOT NULL, "questionIndex" int NOT NULL, chosen int[] NOT NULL,
    "answeredAt" timestamptz NOT NULL DEFAULT now(), UNIQUE ("playerId", "questionIndex"))`);
}

const server = http.createServer();
const io = new Server(server, { serveClient: false, maxHttpBufferSize: 16 * 1024, pingInterval: 10_000, pingTimeout: 15_000 });
const play = io.of('/play');
const host = io.of('/host');
let players = 0;

play.on('connection', (socket) => {
  socket.on('player:join', (payload: { code: string; nickname: string }, ack: (r: unknown) => void) => {
    const playerId = `p${++players}`;
    void socket.join([`room:${payload.code}`, `player:${playerId}`]);
    socket.data.code = payload.code;
    socket.data.playerId = playerId;
    ack({ ok: true, playerId, rejoinToken: 'x', code: payload.code, view: { phase: 'lobby', you: { nickname: payload.nickname, score: 0 } } });
  });
  socket.on('player:answer', (payload: { questionIndex: number; choices: number[] }, ack: (r: unknown) => void) => {
    if (!db) return ack({ ok: true, questionIndex: payload.questionIndex });
    db.query('INSERT INTO bare_answer ("playerId", "questionIndex", chosen) VALUES ($1, $2, $3)', [socket.data.playerId, payload.questionIndex, payload.choices]).then(
      () => ack({ ok: true, questionIndex: payload.questionIndex }),
      () => ack({ ok: false, error: { code: 'STORAGE_UNAVAILABLE' } }),
    );
  });
});

host.on('connection', (socket) => {
  socket.on('host:attach', (payload: { code: string }, ack: (r: unknown) => void) => {
    socket.data.code = payload.code;
    socket.data.index = -1;
    ack({ ok: true, view: { phase: 'lobby' } });
  });
  socket.on('host:next', (_payload: unknown, ack: (r: unknown) => void) => {
    socket.data.index += 1;
    play.to(`room:${socket.data.code}`).emit('game:question', { index: socket.data.index, count: 0, prompt: 'A bare question of about the size of a real one, with four short options.', options: ['One', 'Two', 'Three', 'Four'], remainingMs: 10_000 });
    ack({ ok: true });
  });
});

server.listen(0, '127.0.0.1', () => console.log(`bare ready: ${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () =>
  io.close(async () => {
    await db?.end();
    process.exit(0);
  }),
);
