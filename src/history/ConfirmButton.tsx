import { useEffect, useRef, useState } from 'react';

interface ConfirmButtonProps {
  /** Text of the button that opens the confirmation, e.g. "Delete lesion". */
  label: string;
  /** Longer accessible name that starts with `label`, when it is short. */
  accessibleLabel?: string;
  /** Question shown before anything happens. */
  question: string;
  /** Text of the button that confirms, e.g. "Delete the lesion". */
  confirmLabel: string;
  onConfirm: () => void;
}

/**
 * Shows a button for an action that cannot be undone. The first press
 * shows a confirmation with focus on Cancel, so pressing Enter twice does
 * nothing harmful.
 */
export function ConfirmButton({
  label,
  accessibleLabel,
  question,
  confirmLabel,
  onConfirm,
}: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  useEffect(() => {
    if (asking) {
      cancelRef.current?.focus();
    } else if (wasAsking.current) {
      openerRef.current?.focus();
    }
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button
        ref={openerRef}
        type="button"
        className="secondary danger"
        aria-label={accessibleLabel}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label={accessibleLabel ?? label}>
      <p>{question}</p>
      <button
        type="button"
        className="danger-confirm"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button ref={cancelRef} type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </div>
  );
}
