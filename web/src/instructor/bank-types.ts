import type * as Api from '../../../server/src/banks/bank-types.ts';

/** JSON shapes of the question bank API. */
export type Domain = Api.DomainSummary;
export type Topic = Api.TopicSummary;
export type QuestionType = Api.QuestionType;
export type QuestionSummary = Api.QuestionSummary;
export type QuestionDetail = Api.QuestionDetail;
export type Page<T> = Api.Page<T>;
export type ImportProblem = Api.ImportProblem;
export type ImportSummary = Api.ImportSummary;

export const TYPE_LABEL = { single: 'Single answer', multiple: 'Choose N', truefalse: 'True/false' } satisfies Record<QuestionType, string>;
