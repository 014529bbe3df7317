import { Router } from 'express';
import { listDomains, listTopics } from '../banks/domains.ts';
import {
  copyQuestion,
  createQuestion,
  exportQuerySchema,
  exportQuestions,
  getQuestion,
  importQuestions,
  listQuestions,
  questionInputSchema,
  questionListQuerySchema,
  questionPatchSchema,
  setArchived,
  updateQuestion,
} from '../banks/questions.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { currentInstructor, requireInstructor } from './session.ts';
import { parse } from '../validation.ts';

export function bankRoutes(db: Db): Router {
  const router = Router();

  router.get('/domains', async (_req, res) => {
    res.json(await listDomains(db));
  });

  router.get('/domains/:id/topics', async (req, res) => {
    const topics = await listTopics(db, req.params.id, res.locals.instructor?.id ?? null);
    if (!topics) throw new AppError(404, 'DOMAIN_NOT_FOUND', `No domain ${req.params.id}.`);
    res.json(topics);
  });

  // Question content is for instructors only: students must not read the bank before a game.
  router.use('/questions', requireInstructor);

  router.get('/questions', async (req, res) => {
    res.json(await listQuestions(db, currentInstructor(res).id, parse(questionListQuerySchema, req.query)));
  });
  router.get('/questions/export', async (req, res) => {
    const bank = await exportQuestions(db, currentInstructor(res).id, parse(exportQuerySchema, req.query));
    res.attachment(`${bank.domain}.json`).type('application/json').send(`${JSON.stringify(bank, null, 2)}\n`);
  });
  router.post('/questions/import', async (req, res) => {
    res.status(201).json(await importQuestions(db, currentInstructor(res).id, req.body));
  });
  router.post('/questions', async (req, res) => {
    res.status(201).json(await createQuestion(db, currentInstructor(res).id, parse(questionInputSchema, req.body)));
  });
  router.get('/questions/:id', async (req, res) => {
    res.json(await getQuestion(db, currentInstructor(res).id, req.params.id));
  });
  router.patch('/questions/:id', async (req, res) => {
    res.json(await updateQuestion(db, currentInstructor(res).id, req.params.id, parse(questionPatchSchema, req.body)));
  });
  router.post('/questions/:id/archive', async (req, res) => {
    res.json(await setArchived(db, currentInstructor(res).id, req.params.id, true));
  });
  router.post('/questions/:id/restore', async (req, res) => {
    res.json(await setArchived(db, currentInstructor(res).id, req.params.id, false));
  });
  router.post('/questions/:id/copy', async (req, res) => {
    res.status(201).json(await copyQuestion(db, currentInstructor(res).id, req.params.id));
  });

  return router;
}
