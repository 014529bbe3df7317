/**
 * What the question bank API answers, as types without a runtime import: the web client reads
 * them too (through `Json<…>`), so this file must never import anything but other such types.
 */
import type { QuestionType } from '../game/types.ts';

export type { QuestionType };

export type DomainSummary = {
  id: string;
  number: number;
  title: string;
  examWeightPercent: number;
  topicCount: number;
  questionCount: number;
};

export type TopicSummary = { id: string; title: string; position: number; questionCount: number };

export type QuestionSummary = {
  id: string;
  topicId: string;
  domainId: string;
  type: QuestionType;
  /** `quick` for fast live rounds, `exam` for exam-style scenarios. */
  style: 'quick' | 'exam';
  prompt: string;
  options: string[];
  /** How many options to pick: the size of the answer (2 or 3 on a `multiple` question, else 1). */
  choose: number;
  difficulty: number;
  timeLimitSec: number;
  source: 'seed' | 'instructor';
  mine: boolean;
  archived: boolean;
};

export type QuestionDetail = QuestionSummary & { answer: number[]; explanation: string };

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

/** One problem of a refused import; `row` is 1-based, null for the file as a whole. */
export type ImportProblem = { row: number | null; id: string | null; field: string; message: string };

export type ImportSummary = { created: number; updated: number; unchanged: number };
