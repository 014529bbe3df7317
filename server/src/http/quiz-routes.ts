import { Router } from 'express';
import type { Db } from '../db/client.ts';
import {
  blueprintSchema,
  createBlueprintQuiz,
  createExamMixQuiz,
  createQuiz,
  deleteQuiz,
  examMixSchema,
  getQuiz,
  listQuizzes,
  quizInputSchema,
  updateQuiz,
} from '../quizzes/quizzes.ts';
import { currentInstructor, requireInstructor } from './session.ts';
import { parse } from '../validation.ts';

export function quizRoutes(db: Db): Router {
  const router = Router();
  router.use('/quizzes', requireInstructor);

  router.get('/quizzes', async (_req, res) => {
    res.json(await listQuizzes(db, currentInstructor(res).id));
  });
  router.post('/quizzes', async (req, res) => {
    res.status(201).json(await createQuiz(db, currentInstructor(res).id, parse(quizInputSchema, req.body)));
  });
  router.post('/quizzes/blueprint', async (req, res) => {
    res.status(201).json(await createBlueprintQuiz(db, currentInstructor(res).id, parse(blueprintSchema, req.body)));
  });
  router.post('/quizzes/exam-mix', async (req, res) => {
    res.status(201).json(await createExamMixQuiz(db, currentInstructor(res).id, parse(examMixSchema, req.body)));
  });
  router.get('/quizzes/:id', async (req, res) => {
    res.json(await getQuiz(db, currentInstructor(res).id, req.params.id));
  });
  router.put('/quizzes/:id', async (req, res) => {
    res.json(await updateQuiz(db, currentInstructor(res).id, req.params.id, parse(quizInputSchema, req.body)));
  });
  router.delete('/quizzes/:id', async (req, res) => {
    await deleteQuiz(db, currentInstructor(res).id, req.params.id);
    res.status(204).end();
  });
  return router;
}
