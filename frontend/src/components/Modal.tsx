import { type ReactNode, useLayoutEffect, useRef } from 'react';

/**
 * A modal <dialog> that can hold anything, live state included (ConfirmDialog is the one-question
 * form). Shown when mounted, so focus stays inside; Escape asks `onClose`, which may refuse while
 * something is pending; closed when unmounted, with focus back on `returnFocus`. Labelled by its
 * heading. The content moves focus to where it starts (after this has shown the dialog).
 */
export function Modal({
  labelledBy,
  busy = false,
  returnFocus,
  onClose,
  children,
}: {
  /** The id of the heading inside. */
  labelledBy: string;
  busy?: boolean;
  /** Where focus goes when the dialog is gone, if it is still on the page. */
  returnFocus?: HTMLElement | null;
  onClose: () => void;
  children: ReactNode;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const returnTo = useRef(returnFocus);

  // A layout effect: it runs before the content's effects, which focus inside the open dialog.
  useLayoutEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    const back = returnTo.current;
    return () => {
      if (dialog.open) dialog.close();
      if (back?.isConnected) back.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={labelledBy}
      aria-busy={busy}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClose={() => {
        // The browser may close it itself (a second Escape): keep the page in step.
        if (!dialogRef.current?.open) onClose();
      }}
    >
      {children}
    </dialog>
  );
}
