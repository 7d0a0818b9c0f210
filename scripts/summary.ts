// Prints the last line of `npm test`: "N passed, N failed[, N skipped]" over lint,
// typecheck, build and every test of every layer, and exits non-zero on any failure.
import { existsSync, readFileSync } from 'node:fs';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function readJson(path: string): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

export function summarise(dir: string): Counts {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  const steps = existsSync(`${dir}/steps.txt`) ? readFileSync(`${dir}/steps.txt`, 'utf8').trim().split('\n') : [];
  let testsStepFailed = false;
  for (const line of steps.filter(Boolean)) {
    const [name, outcome] = line.split(' ');
    if (name === 'tests') {
      testsStepFailed = outcome !== 'passed';
      continue;
    }
    if (outcome === 'passed') counts.passed++;
    else counts.failed++;
  }
  const before = counts.failed;
  const vitest = readJson(`${dir}/vitest.json`) as
    | { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; numFailedTestSuites: number }
    | undefined;
  if (vitest) {
    counts.passed += vitest.numPassedTests;
    counts.failed += vitest.numFailedTests + (vitest.numFailedTests === 0 ? vitest.numFailedTestSuites : 0);
    counts.skipped += vitest.numPendingTests + vitest.numTodoTests;
  }
  const pw = readJson(`${dir}/playwright.json`) as
    { stats: { expected: number; unexpected: number; skipped: number; flaky: number } } | undefined;
  if (pw) {
    counts.passed += pw.stats.expected + pw.stats.flaky;
    counts.failed += pw.stats.unexpected;
    counts.skipped += pw.stats.skipped;
  }
  // A test layer that crashed before reporting still counts as a failure.
  if (testsStepFailed && counts.failed === before) counts.failed++;
  return counts;
}

const counts = summarise('.artifacts');
console.log(`${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
process.exit(counts.failed > 0 ? 1 : 0);
