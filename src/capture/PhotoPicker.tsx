import { useId, useState, type DragEvent } from 'react';

import { ACCEPTED_TYPES } from './sniff';

interface PhotoPickerProps {
  onPick: (file: File) => void;
  disabled?: boolean;
}

/**
 * Returns the note to show after a drop of `files`. A drop with no file
 * gets the reason nothing was analysed, and a drop of several names the
 * one file analysed. A drop of one file needs no note, so it gets null.
 */
export function dropNote(files: ArrayLike<File>): string | null {
  if (files.length === 0) {
    return (
      'What was dropped is not a file. Drop a photo file (JPEG, PNG or ' +
      'WebP), or choose one.'
    );
  }
  if (files.length > 1) {
    return (
      `${files.length} files were dropped, so only the first, ` +
      `"${files[0]!.name}", is analysed. Drop one photo at a time.`
    );
  }
  return null;
}

/** File picker that also accepts a photo dropped onto it. */
export function PhotoPicker({ onPick, disabled = false }: PhotoPickerProps) {
  const inputId = useId();
  const hintId = useId();
  const [dragging, setDragging] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (disabled) {
      return;
    }
    const { files } = event.dataTransfer;
    setNote(dropNote(files));
    if (files[0]) {
      onPick(files[0]);
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
          setNote(null);
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
      {note && (
        <p className="hint" role="status" data-testid="drop-note">
          {note}
        </p>
      )}
    </div>
  );
}
