import { formatCount } from '../format';

/** A labelled progress bar; indeterminate when `total` is unknown. */
export function ProgressBar({ label, done, total }: { label: string; done: number; total: number | null }) {
  const percent = total && total > 0 ? Math.min(100, Math.round((done / total) * 100)) : null;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total ?? undefined}
      aria-valuenow={total ? done : undefined}
      aria-valuetext={total ? `${done} of ${formatCount(total, 'page')}` : formatCount(done, 'page')}
    >
      <div
        className={`progress-fill ${percent === null ? 'indeterminate' : ''}`}
        style={{ width: percent === null ? '30%' : `${percent}%` }}
      />
    </div>
  );
}
