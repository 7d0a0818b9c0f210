import type { ReactNode } from 'react';
import '../styles/tables.css';
// Loading and empty states, so no table is ever just blank: an empty state says why
// there is nothing and, with `actions`, offers what to do about it.
export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

export function Empty({ children, actions, testId }: { children: ReactNode; actions?: ReactNode; testId?: string }) {
  if (!actions) {
    return (
      <p className="empty" data-testid={testId}>
        {children}
      </p>
    );
  }
  return (
    <div className="empty-state" data-testid={testId}>
      <p className="empty">{children}</p>
      <div className="empty-actions">{actions}</div>
    </div>
  );
}
