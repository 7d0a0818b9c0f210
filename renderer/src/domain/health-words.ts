// Kriptomat's health in the status bar's words (never a colour alone): OK, slow
// with how long the last answer took, or unreachable since when with the desk's
// next try counting down. Pure, so the wording is tested without a page.
import type { KriptomatHealthView } from '../../../shared/desk-api';
import { formatAge, formatTime } from '../format';

/** The indicator's words for `health` at `nowMs`. */
export function healthWords(health: KriptomatHealthView | null, nowMs: number): string {
  if (!health || health.state === 'unknown') return 'Kriptomat: not checked yet';
  if (health.state === 'ok') return 'Kriptomat: OK';
  if (health.state === 'slow') {
    return health.lastAnswerMs === null ? 'Kriptomat: slow' : `Kriptomat: slow (answered in ${(health.lastAnswerMs / 1000).toFixed(1)} s)`;
  }
  const since = `Kriptomat: unreachable since ${formatTime(health.sinceMs)}`;
  if (health.nextRetryAtMs === null) return since;
  const left = health.nextRetryAtMs - nowMs;
  return `${since} · ${left > 0 ? `retry in ${formatAge(left)}` : 'retrying'}`;
}
