// A modal on the native <dialog>: the browser traps focus, makes the page behind it
// inert and turns Escape into "cancel", which we route to onClose.
import { useEffect, useId, useRef, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** "danger" paints the frame red (production confirmations, deletions). */
  tone?: 'normal' | 'danger';
  describedBy?: string;
}

export function Dialog({ title, onClose, children, tone = 'normal', describedBy }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  // Set while we close the dialog ourselves (unmount), so our own close() is not
  // reported as the operator dismissing it.
  const closingOurselves = useRef(false);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    closingOurselves.current = false;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // React does not render the autofocus attribute, so pick the intended control ourselves.
    const preferred = dialog.querySelector<HTMLElement>('[data-autofocus]');
    preferred?.focus();
    return () => {
      closingOurselves.current = true;
      dialog.close();
      // Give focus back to where the operator was (the button that opened us).
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${tone}`}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      onCancel={(event) => {
        event.preventDefault();
        onCloseRef.current();
      }}
      onClose={() => {
        // The browser may close a modal without a preventable cancel (repeated Escape).
        if (!closingOurselves.current) onCloseRef.current();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}
