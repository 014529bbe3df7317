import request from 'supertest';
import { io as connect, type Socket } from 'socket.io-client';
import { call } from './live-server.ts';

/** Opens Socket.IO clients against a server process and remembers them for cleanup. */
export function socketOpener(url: () => string) {
  const sockets: Socket[] = [];
  return {
    sockets,
    open(namespace: string, headers?: Record<string, string>) {
      const socket = connect(`${url()}${namespace}`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: headers });
      sockets.push(socket);
      return socket;
    },
    closeAll() {
      for (const socket of sockets.splice(0)) socket.disconnect();
    },
  };
}

/**
 * On a server process: Ada (the first instructor, set up on a fresh server, signed in on a used
 * one), a one-question quiz, its room with the host attached and Ana and Ben joined, and the
 * question open unless `start` is false. `tokens` are the students' rejoin tokens.
 */
export async function openOneQuestionGame(
  url: string,
  open: ReturnType<typeof socketOpener>['open'],
  questionId = 'sdlc.codebuild.001',
  { start = true, timeLimitSec = 120, readingSec }: { start?: boolean; timeLimitSec?: number; readingSec?: number } = {},
) {
  const agent = request.agent(url);
  const ada = { email: 'ada@school.test', name: 'Ada', password: 'analytical engine' };
  const { needsSetup } = (await agent.get('/api/auth/status').expect(200)).body as { needsSetup: boolean };
  const signedIn = needsSetup ? await agent.post('/api/auth/setup').send(ada) : await agent.post('/api/auth/login').send({ email: ada.email, password: ada.password });
  if (signedIn.status !== (needsSetup ? 201 : 200)) throw new Error(`sign-in failed: ${signedIn.status}`);
  const cookie = signedIn.headers['set-cookie']![0]!.split(';')[0]!;
  const quiz = await agent.post('/api/quizzes').send({ title: 'One question', questions: [{ questionId, timeLimitSec, ...(readingSec === undefined ? {} : { readingSec }) }] }).expect(201);
  const { code, gameId } = (await agent.post('/api/games').send({ quizId: quiz.body.id }).expect(201)).body as { code: string; gameId: string };
  const right = (await agent.get(`/api/questions/${questionId}`).expect(200)).body.answer as number[];
  const host = open('/host', { cookie });
  if (!(await call(host, 'host:attach', { code })).ok) throw new Error('host could not attach');
  const ana = open('/play');
  const ben = open('/play');
  const tokens = {
    ana: (await call(ana, 'player:join', { code, nickname: 'Ana' })).rejoinToken as string,
    ben: (await call(ben, 'player:join', { code, nickname: 'Ben' })).rejoinToken as string,
  };
  if (start && !(await call(host, 'host:start')).ok) throw new Error('game did not start');
  return { cookie, code, gameId, right, host, ana, ben, tokens };
}

/** Sends an answer again every 250 ms until it is accepted (as the web app does), at most `attempts` times. */
export async function answerUntilAccepted(socket: Socket, payload: { questionIndex: number; choices: number[] }, attempts = 60) {
  let ack = await call(socket, 'player:answer', payload);
  for (let i = 0; i < attempts && !ack.ok; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    ack = await call(socket, 'player:answer', payload);
  }
  return ack;
}
