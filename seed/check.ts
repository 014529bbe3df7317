// npm run -s bank:check -- [domain]: lint findings, bank stats and per-topic shortfalls.
import { lintQuestions, domainOf } from './bank-lint.ts';
import { formatStats, statsByDomain, topicShortfalls } from './bank-stats.ts';
import { loadCurriculum } from './curriculum.ts';
import { readBankFiles, validateBanks } from './loader.ts';
import { formatProblem } from '../server/src/banks/question-schema.ts';

// A closed pipe (for example `| head`) ends the report quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const domain = process.argv.slice(2).find((arg) => arg !== '--');
const curriculum = loadCurriculum();
if (domain && !curriculum.domains.some((d) => d.id === domain)) {
  console.error(`unknown domain "${domain}" (known: ${curriculum.domains.map((d) => d.id).join(', ')})`);
  process.exit(2);
}

const { questions, problems } = validateBanks(curriculum, readBankFiles());
const mine = domain ? questions.filter((q) => domainOf(q) === domain) : questions;

const shownProblems = problems.filter((p) => !domain || p.file === `${domain}.json`);
if (shownProblems.length) {
  console.log(`## Validation problems (${shownProblems.length}); these questions are left out below`);
  for (const p of shownProblems) console.log(formatProblem(p));
  console.log('');
}

// Rarity of words is measured over every bank, so one domain is judged like the whole bank.
const findings = lintQuestions(mine, questions);
console.log(`## Lint findings (${findings.length})`);
for (const f of findings) console.log(`${f.id}  ${f.rule}  ${f.message}`);

console.log('\n## Stats');
for (const { domain: d, stats } of statsByDomain(mine)) {
  if (domain && d === 'all') continue;
  console.log(formatStats(d, stats));
}

const short = topicShortfalls(curriculum, questions, domain);
console.log(`\n## Topics short of target (${short.length}): exam >= max(3, round(facts/3)), quick >= 2, total >= max(4, ceil(facts/3))`);
for (const s of short) {
  console.log(`${s.topic}  exam ${s.have.exam}/${s.need.exam}  quick ${s.have.quick}/${s.need.quick}  total ${s.have.total}/${s.need.total}`);
}

process.exitCode = findings.length || shownProblems.length ? 1 : 0;
