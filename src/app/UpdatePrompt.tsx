interface UpdatePromptProps {
  onUpdate: () => void;
  onDismiss: () => void;
}

/** Asks before a new version replaces the running one. */
export function UpdatePrompt({ onUpdate, onDismiss }: UpdatePromptProps) {
  return (
    <section
      className="update-prompt"
      aria-live="polite"
      aria-labelledby="update-text"
    >
      <p id="update-text">A new version of OncoScan is ready.</p>
      <button type="button" onClick={onUpdate}>
        Reload to update
      </button>
      <button type="button" className="secondary" onClick={onDismiss}>
        Later
      </button>
    </section>
  );
}
