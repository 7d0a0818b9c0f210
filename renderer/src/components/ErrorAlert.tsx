import type { ReactNode } from 'react';
import { describeError } from '../bridge';

/** A visible, announced error message; renders nothing when there is no error. */
export function ErrorAlert({ error, id }: { error: unknown; id?: string }) {
  if (error === null || error === undefined || error === '') return null;
  const message = typeof error === 'string' ? error : describeError(error);
  return (
    <div role="alert" className="alert alert-error" id={id}>
      {message}
    </div>
  );
}

/** A polite success/progress note (role=status). */
export function StatusNote({ children }: { children: ReactNode }) {
  if (children === null || children === undefined || children === false || children === '') return null;
  return (
    <div role="status" className="alert alert-ok">
      {children}
    </div>
  );
}
