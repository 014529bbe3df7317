import type { BankQuestion } from '../server/src/banks/question-schema.ts';

/**
 * Editorial checks over the question banks that the schema cannot express: answers given away by
 * a word shared by the stem and the key, truism keys, near-duplicate prompts, uneven option
 * lengths and exam stems that are too short or too long. Pure functions over loaded questions.
 */

export type LintRule = 'cue-word' | 'truism-key' | 'near-duplicate' | 'option-length' | 'exam-length';
export type LintFinding = { id: string; rule: LintRule; message: string };

export const LINT_THRESHOLDS = {
  /** A stem word is distinctive when fewer than this share of all questions use it. */
  cueMaxDocumentFrequency: 0.02,
  /** Word 3-gram Jaccard similarity above which two prompts of one domain are near-duplicates. */
  nearDuplicateJaccard: 0.5,
  nearDuplicateShingle: 3,
  /** Prompts with fewer shingles than this are too short to compare (exact duplicates are the loader's job). */
  nearDuplicateMinShingles: 10,
  /** Exam: longest option > ratio x shortest, once the longest is over minChars. */
  examOptionRatio: 3,
  examOptionMinChars: 40,
  quickOptionRatio: 4,
  quickOptionMinChars: 60,
  /** The key is "far longer" when it exceeds every other option by this factor (and minChars). */
  keyLongerRatio: 1.5,
  keyLongerMinChars: 40,
  examStemMinWords: 45,
  examStemMaxWords: 170,
} as const;

// ---------------------------------------------------------------------------------------------
// Text helpers

const FENCE = /```[\s\S]*?(?:```|$)/g;

/** The prompt without fenced code blocks. */
export function withoutCode(text: string): string {
  return text.replace(FENCE, ' ');
}

/** Words of a stem as stats count them: whitespace-separated, fenced code excluded. */
export function stemWordCount(prompt: string): number {
  return withoutCode(prompt).split(/\s+/).filter(Boolean).length;
}

/** Whether a prompt shows a fenced code block with a language, e.g. ```yaml. */
export function hasSnippet(prompt: string): boolean {
  return /(^|\n)\s*```[A-Za-z][\w+-]*[ \t]*\n/.test(prompt);
}

/** Lowercase word tokens (hyphenated words kept whole), markdown and fenced code removed. */
export function tokens(text: string): string[] {
  return (withoutCode(text).toLowerCase().match(/[a-z0-9]+(?:['’-][a-z0-9]+)*/g) ?? []).map((t) => t.replace(/['’]s$/, ''));
}

/** Words that mean the same for the purpose of spotting a giveaway. */
const CONCEPTS: Record<string, string> = {
  unused: 'usage',
  usage: 'usage',
  underused: 'usage',
  underutilized: 'usage',
  idle: 'idle',
};

/** Light suffix stripping, enough to match "changes"/"changed"/"change" and "replicas"/"replica". */
export function stem(word: string): string {
  const concept = CONCEPTS[word];
  if (concept) return concept;
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(ches|shes|xes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length >= 7) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length >= 6) w = w.slice(0, -2);
  if (w.length > 4 && /([^aeiou])\1$/.test(w) && !/(ll|ss)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

const STOP_WORDS = new Set(
  `a about above after again against all almost along already also although always am among an and another any anyone
  anything are aren around as at be because been before being below between both but by can cannot could did do does doing
  done down during each either else enough etc even ever every few for from further get gets getting given go goes had has
  have having he her here hers him his how however i if in into is isn it its itself just least less let like likely made
  make makes making many may me might mine more most much must my near need needed needs neither never new no nor not now
  of off often on once one only onto or other others otherwise our ours out over own per rather same see seen several shall
  she should since so some something soon still such than that the their theirs them themselves then there these they this
  those though through thus to too two three four five under until up upon us very via was we were what whatever when where
  whether which while who whom whose why will with within without would yet you your yours`.split(/\s+/),
);

/** AWS and exam vocabulary that says nothing about the answer. */
const EXAM_WORDS = new Set(
  `aws amazon company companies team teams engineer engineers devops developer developers organization organisation
  solution solutions requirement requirements meet meets option options answer question choose should must
  want wants wanted use used uses using usage-free able allow allows allowed ensure ensures provide provides
  configure configured configuration create created creates set sets setting add adds added run runs running
  service services resource resources account accounts application applications workload workloads environment
  environments production every each current currently existing already today operational overhead least cost costs
  lowest minimal minimum fewest fast faster quickly way approach step steps action actions change changes changed
  do does done need needs required require requires requirement support supports supported manage managed
  automatic automatically automate automated without within across between also instead other only same
  true false following true-or-false statement statements correct best most`.split(/\s+/),
);

/** Plain words of a scenario that say nothing about which option is right. */
const GENERIC_WORDS = new Set(
  `small smaller large larger big old older one single first second last next previous known good bad peak setup entry
  main local dev development test testing prod staging live version versions site shop store day days week weeks month
  months hour hours minute minutes second seconds time times free space model library libraries root identity
  layout away availability zone zones infrastructure entry entries declare declares declared recommend recommended recommends value values name names named number numbers file
  files customer customers user users request requests job jobs report reports task tasks`.split(/\s+/),
);

function contentWord(token: string): boolean {
  return (
    token.length > 2 && !/\d/.test(token) && !STOP_WORDS.has(token) && !EXAM_WORDS.has(token) && !GENERIC_WORDS.has(token)
  );
}

/** Names the scenario gives (inline code, CamelCase identifiers): an option may repeat them legitimately. */
function scenarioNames(prompt: string): Set<string> {
  const text = withoutCode(prompt);
  const names = new Set<string>();
  for (const [, code] of text.matchAll(/`([^`]+)`/g)) for (const t of tokens(code!)) names.add(stem(t));
  for (const [word] of text.matchAll(/\b[A-Za-z]*[a-z][A-Z][A-Za-z]*\b/g)) names.add(stem(word.toLowerCase()));
  return names;
}

/** Distinct stems of the content words of a text. */
function contentStems(text: string): Set<string> {
  return new Set(tokens(text).filter(contentWord).map(stem));
}

/** Every stem of a text (stop words included), for phrase and concept matching. */
function allStems(text: string): string[] {
  return tokens(text).map(stem);
}

/**
 * Multi-word feature names whose words, named in the stem, give the key away even when the
 * single word is common in the bank (for example "ongoing changes" and "Change data capture").
 */
const FEATURE_NAMES = [
  'change data capture',
  'warm pool',
  'lifecycle hook',
  'global table',
  'global database',
  'read replica',
  'provisioned concurrency',
  'reserved concurrency',
  'instance refresh',
  'change set',
  'stack set',
  'drift detection',
  'termination protection',
  'deletion policy',
  'stack policy',
  'custom resource',
  'blue green',
  'canary',
  'linear',
  'all at once',
  'rolling update',
  'immutable',
  'traffic splitting',
  'cross region replication',
  'same region replication',
  'object lock',
  'versioning',
  'point in time recovery',
  'event source mapping',
  'dead letter queue',
  'log insights',
  'logs insights',
  'metric filter',
  'subscription filter',
  'anomaly detection',
  'composite alarm',
  'metric math',
  'contributor insights',
  'container insights',
  'lambda insights',
  'federated query',
  'log file integrity validation',
  'organization trail',
  'cross account observability',
  'session manager',
  'patch manager',
  'parameter store',
  'state manager',
  'secrets manager',
  'usage audit',
].map((name) => name.split(' ').map(stem));

/** Concepts spelled differently in stem and option: "at least 4" and "Minimum ..." (stems). */
const PHRASE_CONCEPTS: { concept: string; stem: RegExp; option: RegExp }[] = [
  { concept: 'minimum', stem: /\b(at least|no fewer than|minimum|a floor of)\b/i, option: /\b(minimum|min|at least|floor)\b/i },
  { concept: 'maximum', stem: /\b(at most|no more than|maximum|a ceiling of|cap of)\b/i, option: /\b(maximum|max|at most|ceiling|cap)\b/i },
  { concept: 'ongoing changes', stem: /\bongoing (changes|replication)\b/i, option: /\b(ongoing|change data capture|cdc)\b/i },
];

function includesSeq(haystack: string[], needle: string[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Document frequency (share of questions whose prompt or options use the stem). */
export function documentFrequency(questions: BankQuestion[]): (stemmed: string) => number {
  const counts = new Map<string, number>();
  for (const q of questions) {
    for (const s of new Set(allStems([q.prompt, ...q.options].join(' ')))) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const total = Math.max(1, questions.length);
  return (s) => (counts.get(s) ?? 0) / total;
}

// ---------------------------------------------------------------------------------------------
// Rules

const isCorrect = (q: BankQuestion, i: number) => q.answer.includes(i);

/** Words of the stem that reappear in a correct option and in no distractor. */
export function cueWordFindings(q: BankQuestion, df: (stemmed: string) => number): LintFinding[] {
  if (q.type === 'truefalse') return [];
  const { cueMaxDocumentFrequency } = LINT_THRESHOLDS;
  const names = scenarioNames(q.prompt);
  const promptStems = [...contentStems(q.prompt)].filter((s) => !names.has(s));
  const keyStems = q.options.filter((_, i) => isCorrect(q, i)).map(contentStems);
  const distractorStems = q.options.filter((_, i) => !isCorrect(q, i)).map(contentStems);
  const inKey = (s: string) => keyStems.some((set) => set.has(s));
  const inDistractor = (s: string) => distractorStems.some((set) => set.has(s));
  const cues = new Set<string>();

  for (const s of promptStems) {
    if (inKey(s) && !inDistractor(s) && df(s) < cueMaxDocumentFrequency) cues.add(`"${s}"`);
  }

  // A feature name in a correct option, one of whose words the stem already uses.
  const promptAll = new Set(allStems(q.prompt));
  const distractorAll = q.options.filter((_, i) => !isCorrect(q, i)).map((o) => new Set(allStems(o)));
  q.options.forEach((option, i) => {
    if (!isCorrect(q, i)) return;
    const optionAll = allStems(option);
    for (const name of FEATURE_NAMES) {
      if (!includesSeq(optionAll, name)) continue;
      const shared = name.filter((w) => w.length > 2 && !STOP_WORDS.has(w) && promptAll.has(w) && !distractorAll.some((d) => d.has(w)));
      const rare = shared.filter((w) => df(w) < 2.5 * cueMaxDocumentFrequency);
      if (rare.length && !includesSeq(allStems(q.prompt), name)) cues.add(`"${rare.join(' ')}" -> "${name.join(' ')}"`);
      else if (shared.length === name.length && !q.options.some((o, j) => !isCorrect(q, j) && includesSeq(allStems(o), name))) {
        cues.add(`"${name.join(' ')}"`);
      }
    }
  });

  // The same concept spelled differently ("at least 4" -> "Minimum warm pool size").
  const promptText = withoutCode(q.prompt);
  for (const c of PHRASE_CONCEPTS) {
    if (!c.stem.test(promptText)) continue;
    const inCorrect = q.options.some((o, i) => isCorrect(q, i) && c.option.test(o));
    const inWrong = q.options.some((o, i) => !isCorrect(q, i) && c.option.test(o));
    if (inCorrect && !inWrong) cues.add(`${c.concept} (stem) -> key`);
  }

  if (!cues.size) return [];
  return [
    {
      id: q.id,
      rule: 'cue-word',
      message: `stem and key share ${[...cues].join(', ')}, which no distractor uses`,
    },
  ];
}

const TRUISMS: RegExp[] = [
  /\bfollow(s|ing)?\b.{0,30}\bbest practices?\b/i,
  /\b(aws )?best practices?\b/i,
  /\bas (appropriate|needed|necessary|required)\b/i,
  /\bappropriately\b/i,
  /\bcarefully\b/i,
  /\bthoroughly\b/i,
  /\bproperly\b/i,
  /\bensure (that )?(it|everything|the \w+|they) (is|are|stays?) (secure|safe|correct|reliable)\b/i,
  /\bmake sure\b/i,
  /\bit depends\b/i,
  /\bdepends on the (situation|use case|workload)\b/i,
  /\balways use the (latest|newest)\b/i,
  /\b(the )?right tool for the job\b/i,
  /\bin a (secure|safe|reliable) (way|manner)\b/i,
];

/** Keys that are opinions or truisms rather than a specific solution. */
export function truismFindings(q: BankQuestion): LintFinding[] {
  const out: LintFinding[] = [];
  q.answer.forEach((i) => {
    const option = q.options[i] ?? '';
    const hit = TRUISMS.find((re) => re.test(option));
    if (hit) out.push({ id: q.id, rule: 'truism-key', message: `key "${option}" is a truism or opinion (matches ${hit.source})` });
  });
  return out;
}

/** Option lengths spread too far apart, or a key that is the one long option. */
export function optionLengthFindings(q: BankQuestion): LintFinding[] {
  if (q.type === 'truefalse') return [];
  const t = LINT_THRESHOLDS;
  const lengths = q.options.map((o) => o.trim().length);
  const longest = Math.max(...lengths);
  const shortest = Math.min(...lengths);
  const exam = q.style === 'exam';
  const [ratio, minChars] = exam ? [t.examOptionRatio, t.examOptionMinChars] : [t.quickOptionRatio, t.quickOptionMinChars];
  const out: LintFinding[] = [];
  if (longest > minChars && longest > ratio * shortest) {
    out.push({ id: q.id, rule: 'option-length', message: `options run from ${shortest} to ${longest} characters (more than ${ratio}x)` });
  }
  for (const i of q.answer) {
    const own = lengths[i] ?? 0;
    const others = lengths.filter((_, j) => j !== i && !q.answer.includes(j));
    const otherMax = Math.max(...others);
    if (own > t.keyLongerMinChars && own > t.keyLongerRatio * otherMax) {
      out.push({
        id: q.id,
        rule: 'option-length',
        message: `the key (option ${i}, ${own} characters) is far longer than every distractor (at most ${otherMax})`,
      });
    }
  }
  return out;
}

/** Exam stems outside the 45-170 word range. */
export function examLengthFindings(q: BankQuestion): LintFinding[] {
  if (q.style !== 'exam') return [];
  const words = stemWordCount(q.prompt);
  const { examStemMinWords: min, examStemMaxWords: max } = LINT_THRESHOLDS;
  if (words >= min && words <= max) return [];
  return [{ id: q.id, rule: 'exam-length', message: `exam stem has ${words} words outside code (expected ${min}-${max})` }];
}

function shingles(text: string, n: number): Set<string> {
  const words = tokens(text).map(stem);
  const out = new Set<string>();
  for (let i = 0; i + n <= words.length; i++) out.add(words.slice(i, i + n).join(' '));
  return out;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const s of a) if (b.has(s)) shared++;
  return shared / (a.size + b.size - shared);
}

export const domainOf = (q: BankQuestion) => q.topic.split('.')[0]!;

/** Pairs of prompts in one domain whose word shingles overlap above the threshold (both ids reported). */
export function nearDuplicateFindings(questions: BankQuestion[]): LintFinding[] {
  const { nearDuplicateJaccard: limit, nearDuplicateShingle: n, nearDuplicateMinShingles: minShingles } = LINT_THRESHOLDS;
  const sets = questions.map((q) => ({ q, domain: domainOf(q), set: shingles(q.prompt, n) }));
  const out: LintFinding[] = [];
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      const a = sets[i]!;
      const b = sets[j]!;
      if (a.domain !== b.domain || Math.min(a.set.size, b.set.size) < minShingles) continue;
      const similarity = jaccard(a.set, b.set);
      if (similarity <= limit) continue;
      const message = (other: string) => `prompt is ${Math.round(similarity * 100)}% similar (${n}-gram Jaccard) to ${other}`;
      out.push({ id: a.q.id, rule: 'near-duplicate', message: message(b.q.id) });
      out.push({ id: b.q.id, rule: 'near-duplicate', message: message(a.q.id) });
    }
  }
  return out;
}

/**
 * Every finding for `questions`; `bank` (default: the same questions) is the whole bank used for
 * word rarity, so a single domain can be checked against all domains.
 */
export function lintQuestions(questions: BankQuestion[], bank: BankQuestion[] = questions): LintFinding[] {
  const df = documentFrequency(bank);
  const perQuestion = questions.flatMap((q) => [
    ...cueWordFindings(q, df),
    ...truismFindings(q),
    ...optionLengthFindings(q),
    ...examLengthFindings(q),
  ]);
  return [...perQuestion, ...nearDuplicateFindings(questions)];
}
