import { Router, type Request } from 'express';
import { z } from 'zod';
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
import * as ex from './examples.ts';
import { examMixQuiz, quiz, quizSummary } from './responses.ts';
import { json, mount, type RouteSpec } from './route-spec.ts';
import { currentInstructor, requireInstructor } from './session.ts';
import { parse } from '../validation.ts';

const quizBody = json(quizInputSchema, { title: 'Week 3: CI/CD', questions: [{ questionId: 'sdlc.codebuild.001', timeLimitSec: 20 }, { questionId: 'sdlc.codebuild.002', doublePoints: true }] });
const savedQuiz = { description: 'The quiz with its questions in order.', json: json(quiz, ex.quiz) };
const quizParams = z.object({ id: z.uuid() });
const own = ['QUIZ_NOT_FOUND', 'FORBIDDEN'] as const;
const { questions: _questions, ...listed } = ex.quiz;

export const quizApi = {
  list: { method: 'get', path: '/api/quizzes', summary: 'Own saved quizzes', caller: 'instructor', responses: { 200: { description: 'Newest first.', json: json(z.array(quizSummary), [{ ...listed, questionCount: 1 }]) } } },
  create: { method: 'post', path: '/api/quizzes', summary: 'Save a quiz: title, ordered questions, time limits, double points, shuffle', caller: 'instructor', body: quizBody, responses: { 201: savedQuiz }, errors: ['UNKNOWN_QUESTIONS'] },
  blueprint: {
    method: 'post',
    path: '/api/quizzes/blueprint',
    summary: 'Draw `count` questions from chosen domains, topics, types and difficulty (least asked first) and save them as a quiz',
    caller: 'instructor',
    body: json(blueprintSchema, { title: 'Config drill', domains: ['config'], types: ['single', 'multiple'], difficulty: { min: 1, max: 2 }, count: 10 }),
    responses: { 201: savedQuiz },
    errors: ['NOT_ENOUGH_QUESTIONS'],
  },
  examMix: {
    method: 'post',
    path: '/api/quizzes/exam-mix',
    summary: 'Draw across the six exam domains in proportion to their weights and save them as a quiz',
    caller: 'instructor',
    body: json(examMixSchema, { title: 'Mock exam', count: 20, style: 'exam' }),
    responses: { 201: { description: 'The quiz and how many questions each domain gave.', json: json(examMixQuiz, { ...ex.quiz, composition: { sdlc: 1 } }) } },
    errors: ['NOT_ENOUGH_QUESTIONS'],
  },
  get: { method: 'get', path: '/api/quizzes/:id', summary: 'One own quiz', caller: 'instructor', params: quizParams, responses: { 200: savedQuiz }, errors: own },
  update: { method: 'put', path: '/api/quizzes/:id', summary: 'Replace an own quiz', caller: 'instructor', params: quizParams, body: quizBody, responses: { 200: savedQuiz }, errors: [...own, 'UNKNOWN_QUESTIONS'] },
  remove: { method: 'delete', path: '/api/quizzes/:id', summary: 'Delete an own quiz', caller: 'instructor', params: quizParams, responses: { 204: { description: 'Deleted.' } }, errors: own },
} satisfies Record<string, RouteSpec>;

export function quizRoutes(db: Db): Router {
  const router = Router();
  const on = mount(router);
  router.use('/quizzes', requireInstructor);
  const quizId = (req: Request) => parse(quizParams, req.params).id;

  on(quizApi.list, async (_req, res) => {
    res.json(await listQuizzes(db, currentInstructor(res).id));
  });
  on(quizApi.create, async (req, res) => {
    res.status(201).json(await createQuiz(db, currentInstructor(res).id, parse(quizApi.create.body.schema, req.body)));
  });
  on(quizApi.blueprint, async (req, res) => {
    res.status(201).json(await createBlueprintQuiz(db, currentInstructor(res).id, parse(quizApi.blueprint.body.schema, req.body)));
  });
  on(quizApi.examMix, async (req, res) => {
    res.status(201).json(await createExamMixQuiz(db, currentInstructor(res).id, parse(quizApi.examMix.body.schema, req.body)));
  });
  on(quizApi.get, async (req, res) => {
    res.json(await getQuiz(db, currentInstructor(res).id, quizId(req)));
  });
  on(quizApi.update, async (req, res) => {
    res.json(await updateQuiz(db, currentInstructor(res).id, quizId(req), parse(quizApi.update.body.schema, req.body)));
  });
  on(quizApi.remove, async (req, res) => {
    await deleteQuiz(db, currentInstructor(res).id, quizId(req));
    res.status(204).end();
  });
  return router;
}
