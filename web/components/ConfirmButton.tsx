import { useEffect, useRef, useState } from 'react';

/**
 * A destructive action in two clicks, without a browser dialog: the first click asks, the second
 * (on "Yes, …") acts; "Cancel" or Escape steps back.
 */
export function ConfirmButton({
  label,
  confirm,
  question,
  onConfirm,
  className = 'btn small danger',
  disabled,
}: {
  label: string;
  confirm: string;
  question: string;
  onConfirm(): void | Promise<void>;
  className?: string;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" className={className} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="row" role="group" aria-label={question} style={{ gap: 6 }} onKeyDown={(e) => e.key === 'Escape' && setAsking(false)}>
      <span className="muted">{question}</span>
      <button
        type="button"
        ref={yes}
        className="btn small danger"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {confirm}
      </button>
      <button type="button" className="btn small ghost" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
