import { useId, useState, type DragEvent } from 'react';

import { ACCEPTED_TYPES } from './sniff';

interface PhotoPickerProps {
  onPick: (file: File) => void;
  disabled?: boolean;
}

/** File picker that also accepts a photo dropped onto it. */
export function PhotoPicker({ onPick, disabled = false }: PhotoPickerProps) {
  const inputId = useId();
  const hintId = useId();
  const [dragging, setDragging] = useState(false);

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file && !disabled) {
      onPick(file);
    }
  };

  return (
    <div
      className={`drop-zone${dragging ? ' dragging' : ''}`}
      data-testid="drop-zone"
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <label htmlFor={inputId}>Photo of the skin lesion</label>
      <input
        id={inputId}
        type="file"
        accept={ACCEPTED_TYPES}
        aria-describedby={hintId}
        disabled={disabled}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) {
            onPick(file);
          }
          // Allow choosing the same file again after an error.
          event.target.value = '';
        }}
      />
      <p id={hintId} className="hint">
        JPEG, PNG or WebP. Choose a file or drop it here. Fill the frame with
        the lesion, in focus and evenly lit.
      </p>
    </div>
  );
}
