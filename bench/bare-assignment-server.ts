/**
 * The floor for bench/assignments.ts: a bare Express server that stores each answer as one
 * INSERT of the same row the quiz server writes (a copy of the "Answer" table with its columns,
 * defaults, check and indexes, without foreign keys), committed before it answers. No student
 * token, no attempt, no rules: what "acknowledged = stored" costs over HTTP on this stack.
 * BARE_DATABASE_URL names the database. Prints "bare ready: <port>" when it listens.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import pg from 'pg';

const db = new pg.Pool({ connectionString: process.env.BARE_DATABASE_URL, max: 20 });
await db.query(`CREATE TABLE IF NOT EXISTS bare_answer (LIKE "Answer" INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);

const app = express();
app.use(express.json());
app.post('/attempts/:attemptId/answer', async (req, res) => {
  const { questionId, topicId, choices } = req.body as { questionId: string; topicId: string; choices: number[] };
  const { rows } = await db.query(
    `INSERT INTO bare_answer (source, "attemptId", "questionId", "topicId", chosen, correct, "responseMs", points, "answeredAt")
     VALUES ('assignment', $1, $2, $3, $4, false, 0, 0, now()) RETURNING "answeredAt"`,
    [req.params.attemptId, questionId, topicId, choices],
  );
  res.json({ ok: true, answeredAt: rows[0].answeredAt });
});

const server = app.listen(0, '127.0.0.1', () => console.log(`bare ready: ${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => server.close(() => void db.end().then(() => process.exit(0))));
