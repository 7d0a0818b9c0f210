import { useId, type ReactNode } from 'react';
import { Dialog } from './Dialog';
import { ErrorAlert } from './ErrorAlert';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  /** Confirm is refused for a reason shown in `error` (e.g. the rate went stale). */
  disabled?: boolean;
  error?: unknown;
  tone?: 'normal' | 'danger';
}

/** A yes/no question; the confirm button has focus so Enter confirms and Escape cancels. */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel, busy = false, disabled = false, error, tone = 'normal' }: ConfirmDialogProps) {
  const bodyId = useId();
  return (
    <Dialog title={title} onClose={onCancel} tone={tone} describedBy={bodyId}>
      <div id={bodyId} className="dialog-body">
        {children}
      </div>
      <ErrorAlert error={error} />
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className={tone === 'danger' ? 'danger' : 'primary'} onClick={onConfirm} disabled={busy || disabled} data-autofocus>
          {busy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
