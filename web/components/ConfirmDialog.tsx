import { useEffect, useId, useRef } from 'react';

/**
 * An in-app confirmation in a modal `<dialog>`: the page behind is inert (focus stays inside), the
 * safe choice has focus first, Escape or Cancel closes it, and focus returns to what opened it.
 */
export function ConfirmDialog({
  open,
  title,
  body,
  confirm,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  body?: string;
  confirm: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      const opener = document.activeElement as HTMLElement | null;
      d.showModal();
      cancelRef.current?.focus();
      return () => opener?.focus?.();
    }
    if (!open && d.open) d.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={body ? bodyId : undefined}
      onCancel={(e) => {
        // Escape: close through React state, so the dialog and `open` never disagree.
        e.preventDefault();
        onCancel();
      }}
      onKeyDown={(e) => {
        // Tab cycles inside the dialog instead of leaving for the browser's own controls.
        if (e.key !== 'Tab') return;
        const items = [...(ref.current?.querySelectorAll<HTMLElement>('button:not([disabled])') ?? [])];
        const i = items.indexOf(document.activeElement as HTMLElement);
        const next = items[(i + (e.shiftKey ? items.length - 1 : 1)) % items.length];
        if (next) {
          e.preventDefault();
          next.focus();
        }
      }}
      onClick={(e) => {
        if (e.target === ref.current) onCancel(); // a click on the backdrop
      }}
    >
      {open && (
        <div className="confirm-body">
          <h2 id={titleId}>{title}</h2>
          {body && <p id={bodyId} className="muted">{body}</p>}
          <div className="row confirm-actions">
            <button type="button" className="btn" ref={cancelRef} onClick={onCancel}>Cancel</button>
            <button type="button" className="btn danger" onClick={onConfirm}>{confirm}</button>
          </div>
        </div>
      )}
    </dialog>
  );
}
