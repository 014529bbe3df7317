export type Domain = { id: string; number: number; title: string; examWeightPercent: number; topicCount: number; questionCount: number };
export type Topic = { id: string; title: string; position: number; questionCount: number };
export type QuestionType = 'single' | 'multiple' | 'truefalse';
export type QuestionSummary = {
  id: string;
  topicId: string;
  domainId: string;
  type: QuestionType;
  prompt: string;
  options: string[];
  difficulty: number;
  timeLimitSec: number;
  source: 'seed' | 'instructor';
  mine: boolean;
  archived: boolean;
};
export type QuestionDetail = QuestionSummary & { answer: number[]; explanation: string };
export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };
export type ImportProblem = { row: number | null; id: string | null; field: string; message: string };
export type ImportSummary = { created: number; updated: number; unchanged: number };

export const TYPE_LABEL = { single: 'Single answer', multiple: 'Choose N', truefalse: 'True/false' } as const;
