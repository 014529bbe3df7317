// Students as socket.io clients, run inside a classroom's network namespace by the classroom
// test: node --import tsx test/support/school-students.ts '<json plan>'. They join (some
// mistyping the code first, one tapping Join twice), answer every question, rejoin with their
// token after a drop, and report over the IPC channel what the server told them.
import { io, type Socket } from 'socket.io-client';

type Plan = { url: string; code: string; wrongCode: string; nicknames: string[]; mistype: number; doubleTap: boolean };
const plan = JSON.parse(process.argv[2]!) as Plan;

type Told = { nickname: string; playerId: string; accepted: number[]; refused: string[]; podiumScore: number | null; refusedSecondJoin: string | null; mistyped: string[] };

const ask = <T = any>(socket: Socket, event: string, payload: unknown): Promise<T> =>
  new Promise((resolve) =>
    socket.timeout(30_000).emit(event, payload, (error: Error | null, ack: T) => resolve(error ? ({ ok: false, error: { code: 'NO_RESPONSE' } } as T) : ack)),
  );

async function student(nickname: string, index: number): Promise<Told> {
  const socket = io(`${plan.url}/play`, { query: { room: plan.code }, reconnectionDelay: 300, reconnectionDelayMax: 2_000, timeout: 20_000 });
  const told: Told = { nickname, playerId: '', accepted: [], refused: [], podiumScore: null, refusedSecondJoin: null, mistyped: [] };
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  if (index < plan.mistype) {
    for (let i = 0; i < 2; i++) told.mistyped.push((await ask(socket, 'player:join', { code: plan.wrongCode, nickname })).error?.code);
  }
  const join = ask(socket, 'player:join', { code: plan.code, nickname });
  if (plan.doubleTap && index === 0) told.refusedSecondJoin = (await ask(socket, 'player:join', { code: plan.code, nickname })).error?.code ?? 'accepted';
  const joined = await join;
  if (!joined.ok) throw new Error(`${nickname} could not join: ${JSON.stringify(joined)}`);
  told.playerId = joined.playerId;
  let joinedOnce = true;
  socket.on('connect', () => {
    if (joinedOnce) void ask(socket, 'player:rejoin', { code: plan.code, token: joined.rejoinToken });
  });
  socket.on('game:question', async (question: { index: number; options: string[]; choose: number }) => {
    if (told.accepted.includes(question.index)) return; // sent again on pause and resume
    const choices = Array.from({ length: question.choose }, (_, k) => (index + question.index + k) % question.options.length);
    for (;;) {
      const ack = await ask(socket, 'player:answer', { questionIndex: question.index, choices });
      if (ack.ok) return void told.accepted.push(question.index);
      if (ack.error.code === 'ALREADY_ANSWERED') return void told.accepted.push(question.index);
      if (ack.error.code !== 'STORAGE_UNAVAILABLE' && ack.error.code !== 'NO_RESPONSE' && ack.error.code !== 'NOT_JOINED') {
        return void told.refused.push(`${question.index}:${ack.error.code}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });
  const podium = new Promise<void>((resolve) =>
    socket.on('game:view', (view: { phase: string; you?: { score: number } }) => {
      if (view.phase !== 'podium') return;
      told.podiumScore = view.you!.score;
      resolve();
    }),
  );
  process.send!({ type: 'joined', nickname });
  await podium;
  socket.disconnect();
  return told;
}

const results = await Promise.all(plan.nicknames.map((nickname, i) => student(nickname, i)));
process.send!({ type: 'done', results }, () => process.exit(0));
