// Reads Vitest's JSON report and prints one plain closing line ("N passed, N failed"); exits
// non-zero when anything failed or nothing ran (Vitest exits 0 when its global setup throws).
import fs from 'node:fs';

const file = process.argv[2] ?? 'test-artifacts/vitest.json';
if (!fs.existsSync(file)) {
  console.error(`tests: no report at ${file}; the test run did not complete`);
  process.exit(1);
}
const report = JSON.parse(fs.readFileSync(file, 'utf8'));
const passed = report.numPassedTests ?? 0;
const failed = report.numFailedTests ?? 0;
// A suite fails without a failing test when its file or hooks throw (a global setup, say).
const failedSuites = report.numFailedTestSuites ?? 0;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(
  `tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${failedSuites ? ` (${failedSuites} suite(s) failed)` : ''}`,
);
process.exit(report.success && failed === 0 && failedSuites === 0 && passed > 0 ? 0 : 1);
