import { Router, type Request } from 'express';
import { z } from 'zod';
import { listDomains, listTopics } from '../banks/domains.ts';
import { domainIdSchema, questionIdSchema } from '../banks/question-schema.ts';
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
import * as ex from './examples.ts';
import { bankFile, domainSummary, importSummary, questionDetail, questionPage, topicSummary } from './responses.ts';
import { json, mount, type RouteSpec } from './route-spec.ts';
import { currentInstructor, requireInstructor } from './session.ts';
import { parse } from '../validation.ts';

const domainParams = z.object({ id: domainIdSchema });
const questionParams = z.object({ id: questionIdSchema });
const { answer: _answer, explanation: _explanation, ...listed } = ex.question;
const oneQuestion = { description: 'The question with its answer and explanation.', json: json(questionDetail, ex.question) };
const own = ['QUESTION_NOT_FOUND', 'QUESTION_READ_ONLY'] as const;
const { id: _id, topicId, domainId: _domain, source: _source, mine: _mine, archived: _archived, choose: _choose, ...written } = ex.question;
const newQuestion = { ...written, topic: topicId, prompt: 'Which CodeBuild setting keeps dependencies between builds?', options: ['Local or S3 cache', 'A larger compute type', 'Batch builds'] };
const bankExample = { domain: 'sdlc', questions: [{ ...newQuestion, id: 'sdlc.codebuild.my-cache' }] };

export const bankApi = {
  domains: {
    method: 'get',
    path: '/api/domains',
    summary: 'The exam domains with their weights and question counts',
    caller: 'anyone',
    responses: { 200: { description: 'In exam order.', json: json(z.array(domainSummary), [{ id: 'sdlc', number: 1, title: 'SDLC Automation', examWeightPercent: 22, topicCount: 9, questionCount: 120 }]) } },
  },
  topics: {
    method: 'get',
    path: '/api/domains/:id/topics',
    summary: "A domain's topics in curriculum order with question counts (own questions counted for the signed-in instructor)",
    caller: 'anyone',
    params: domainParams,
    responses: { 200: { description: 'In curriculum order.', json: json(z.array(topicSummary), [{ id: 'sdlc.codebuild', title: 'CodeBuild', position: 2, questionCount: 14 }]) } },
    errors: ['DOMAIN_NOT_FOUND'],
  },
  list: {
    method: 'get',
    path: '/api/questions',
    summary: 'Questions the instructor can use, filtered and paged (`q` matches the prompt or id as typed: `%` and `_` are no wildcards)',
    caller: 'instructor',
    query: questionListQuerySchema,
    responses: { 200: { description: 'One page.', json: json(questionPage, { items: [listed], total: 1, page: 1, pageSize: 20 }) } },
  },
  export: {
    method: 'get',
    path: '/api/questions/export',
    summary: "A domain's questions in the seed format (own ones unless `source` says more)",
    caller: 'instructor',
    query: exportQuerySchema,
    responses: { 200: { description: 'A bank file, as a download named after the domain.', download: true, json: json(bankFile, bankExample) } },
    errors: ['DOMAIN_NOT_FOUND'],
  },
  import: {
    method: 'post',
    path: '/api/questions/import',
    summary: 'Import a bank file: all rows or none (a row with an own id updates it; a built-in id is refused)',
    description: "Any problem with the file, its shape included, is 400 `IMPORT_INVALID` (never `VALIDATION_FAILED`), with every problem listed in `details` as `{row, id, field, message}` (`row` null for the file itself). An id another instructor's question holds is answered as a new id is: the row becomes an own question under an id derived from it, the same on every import.",
    caller: 'instructor',
    body: json(bankFile, bankExample),
    bodyRefusal: 'IMPORT_INVALID',
    responses: { 201: { description: 'What the import did.', json: json(importSummary, { created: 1, updated: 0, unchanged: 0 }) } },
  },
  create: {
    method: 'post',
    path: '/api/questions',
    summary: 'Write an own question (the seed loader\'s rules; the server assigns the id)',
    caller: 'instructor',
    body: json(questionInputSchema, newQuestion),
    responses: { 201: { description: 'The new question.', json: json(questionDetail, { ...ex.question, ...written, prompt: newQuestion.prompt, options: newQuestion.options, id: 'sdlc.codebuild.u1a2b3c4', source: 'instructor', mine: true }) } },
  },
  get: { method: 'get', path: '/api/questions/:id', summary: 'One question with its answer and explanation', caller: 'instructor', params: questionParams, responses: { 200: oneQuestion }, errors: ['QUESTION_NOT_FOUND'] },
  update: {
    method: 'patch',
    path: '/api/questions/:id',
    summary: 'Change fields of an own question',
    caller: 'instructor',
    params: questionParams,
    body: json(questionPatchSchema, { timeLimitSec: 30 }),
    responses: { 200: oneQuestion },
    errors: own,
  },
  archive: { method: 'post', path: '/api/questions/:id/archive', summary: 'Archive an own question (new quizzes leave it out)', caller: 'instructor', params: questionParams, responses: { 200: oneQuestion }, errors: own },
  restore: { method: 'post', path: '/api/questions/:id/restore', summary: 'Restore an archived own question', caller: 'instructor', params: questionParams, responses: { 200: oneQuestion }, errors: own },
  copy: { method: 'post', path: '/api/questions/:id/copy', summary: 'Copy a question (built-in ones too) to an own one, to edit it', caller: 'instructor', params: questionParams, responses: { 201: oneQuestion }, errors: ['QUESTION_NOT_FOUND'] },
} satisfies Record<string, RouteSpec>;

export function bankRoutes(db: Db): Router {
  const router = Router();
  const on = mount(router);

  on(bankApi.domains, async (_req, res) => {
    res.json(await listDomains(db));
  });

  on(bankApi.topics, async (req, res) => {
    const { id } = parse(domainParams, req.params);
    const topics = await listTopics(db, id, res.locals.instructor?.id ?? null);
    if (!topics) throw new AppError(404, 'DOMAIN_NOT_FOUND', `No domain ${id}.`);
    res.json(topics);
  });

  // Question content is for instructors only: students must not read the bank before a game.
  router.use('/questions', requireInstructor);
  const questionId = (req: Request) => parse(questionParams, req.params).id;

  on(bankApi.list, async (req, res) => {
    res.json(await listQuestions(db, currentInstructor(res).id, parse(bankApi.list.query, req.query)));
  });
  on(bankApi.export, async (req, res) => {
    const bank = await exportQuestions(db, currentInstructor(res).id, parse(bankApi.export.query, req.query));
    res.attachment(`${bank.domain}.json`).type('application/json').send(`${JSON.stringify(bank, null, 2)}\n`);
  });
  // The file is checked row by row (every problem listed), not refused at its first one.
  on(bankApi.import, async (req, res) => {
    res.status(201).json(await importQuestions(db, currentInstructor(res).id, req.body));
  });
  on(bankApi.create, async (req, res) => {
    res.status(201).json(await createQuestion(db, currentInstructor(res).id, parse(bankApi.create.body.schema, req.body)));
  });
  on(bankApi.get, async (req, res) => {
    res.json(await getQuestion(db, currentInstructor(res).id, questionId(req)));
  });
  on(bankApi.update, async (req, res) => {
    res.json(await updateQuestion(db, currentInstructor(res).id, questionId(req), parse(bankApi.update.body.schema, req.body)));
  });
  on(bankApi.archive, async (req, res) => {
    res.json(await setArchived(db, currentInstructor(res).id, questionId(req), true));
  });
  on(bankApi.restore, async (req, res) => {
    res.json(await setArchived(db, currentInstructor(res).id, questionId(req), false));
  });
  on(bankApi.copy, async (req, res) => {
    res.status(201).json(await copyQuestion(db, currentInstructor(res).id, questionId(req)));
  });

  return router;
}
