import { useId } from 'react';

import type { MetadataEncoding } from '../shared/manifest';
import {
  sexChoices,
  siteChoices,
  type Choice,
  type PatientForm,
} from './patient-form';

interface MetadataFormProps {
  encoding: MetadataEncoding;
  value: PatientForm;
  onChange: (value: PatientForm) => void;
  /** Message shown under the age field when it is invalid. */
  ageError: string | null;
}

function Select({
  label,
  value,
  choices,
  onChange,
}: {
  label: string;
  value: string;
  choices: Choice[];
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">Unknown</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Optional age, sex and anatomical site, each of which may stay unknown. */
export function MetadataForm({
  encoding,
  value,
  onChange,
  ageError,
}: MetadataFormProps) {
  const ageId = useId();
  const ageErrorId = useId();
  return (
    <fieldset className="metadata">
      <legend>About the person (optional)</legend>
      <div className="field">
        <label htmlFor={ageId}>Age in years</label>
        <input
          id={ageId}
          type="number"
          inputMode="numeric"
          min={encoding.age.min}
          max={encoding.age.max}
          step={1}
          placeholder="Unknown"
          value={value.age}
          aria-invalid={ageError !== null}
          aria-describedby={ageError ? ageErrorId : undefined}
          // onInput, not onChange: React drops a change event whose value
          // stays '', as it does from '' to the unparseable '-', so
          // onChange would miss `badInput`.
          onInput={(event) =>
            onChange({
              ...value,
              age: event.currentTarget.value,
              ageBadInput: event.currentTarget.validity.badInput,
            })
          }
        />
        {ageError && (
          <p id={ageErrorId} className="field-error">
            {ageError}
          </p>
        )}
      </div>
      <Select
        label="Sex"
        value={value.sex}
        choices={sexChoices(encoding)}
        onChange={(sex) => onChange({ ...value, sex })}
      />
      <Select
        label="Where on the body"
        value={value.site}
        choices={siteChoices(encoding)}
        onChange={(site) => onChange({ ...value, site })}
      />
    </fieldset>
  );
}
