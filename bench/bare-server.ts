/**
 * The baseline for bench/load.ts: a bare Socket.IO server with the quiz's traffic pattern and no
 * game logic. /play: `player:join` (joins the room, acks), `player:answer` (acks). /host:
 * `host:attach` (acks), `host:next` (broadcasts `game:question` to the room, acks).
 * Prints "bare ready: <port>" when it listens.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

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
    ack({ ok: true, playerId, rejoinToken: 'x', code: payload.code, view: { phase: 'lobby', you: { nickname: payload.nickname, score: 0 } } });
  });
  socket.on('player:answer', (payload: { questionIndex: number }, ack: (r: unknown) => void) => {
    ack({ ok: true, questionIndex: payload.questionIndex });
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
process.on('SIGTERM', () => io.close(() => process.exit(0)));
