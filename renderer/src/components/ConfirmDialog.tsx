import { useId, type ReactNode } from 'react';
import { Dialog } from './Dialog';
import { ErrorAlert, StatusNote } from './ErrorAlert';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** The button that leaves things as they are; "Cancel" unless that would read like the action itself. */
  cancelLabel?: string;
  onConfirm: () => void;
  onCancel: () => void;
  /** The confirmed action is on its way: it cannot be taken back, so Cancel and Escape are off. */
  busy?: boolean;
  /** Said while busy, e.g. that a sent order can no longer be cancelled. */
  busyNote?: string;
  /** Confirm is refused for a reason shown in `error` (e.g. the rate went stale). */
  disabled?: boolean;
  error?: unknown;
  tone?: 'normal' | 'danger';
}

/**
 * A yes/no question; the confirm button has focus so Enter confirms and Escape cancels.
 * Once confirmed (busy), closing it would not stop what was sent, so nothing offers to.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel = 'Cancel',
  onConfirm,
  onCancel,
  busy = false,
  busyNote,
  disabled = false,
  error,
  tone = 'normal',
}: ConfirmDialogProps) {
  const bodyId = useId();
  return (
    <Dialog title={title} onClose={busy ? ignoreClose : onCancel} tone={tone} describedBy={bodyId}>
      <div id={bodyId} className="dialog-body">
        {children}
      </div>
      <ErrorAlert error={error} />
      <StatusNote>{busy ? busyNote : null}</StatusNote>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel} disabled={busy}>
          {cancelLabel}
        </button>
        <button
          type="button"
          className={tone === 'danger' ? 'danger' : 'primary'}
          onClick={onConfirm}
          disabled={busy || disabled}
          data-autofocus
        >
          {busy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

function ignoreClose(): void {
  // Escape while the confirmed action is in flight: the dialog closes itself when it ends.
}
