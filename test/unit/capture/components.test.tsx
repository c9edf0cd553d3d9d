// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';

import { MetadataForm } from '../../../src/capture/MetadataForm';
import {
  EMPTY_PATIENT_FORM,
  type PatientForm,
} from '../../../src/capture/patient-form';
import { PhotoPicker } from '../../../src/capture/PhotoPicker';
import { parseManifest } from '../../../src/model/parse-manifest';
import { buildFakeModel } from '../../helpers/fake-model.mjs';

const encoding = parseManifest(buildFakeModel().manifest).metadata;

function FormHarness({ onChange }: { onChange: (v: PatientForm) => void }) {
  const [value, setValue] = useState(EMPTY_PATIENT_FORM);
  return (
    <MetadataForm
      encoding={encoding}
      value={value}
      ageError={null}
      onChange={(next) => {
        setValue(next);
        onChange(next);
      }}
    />
  );
}

describe('MetadataForm', () => {
  it('starts with every field unknown', () => {
    render(<FormHarness onChange={() => {}} />);
    expect(screen.getByLabelText('Age in years')).toHaveValue(null);
    expect(screen.getByLabelText('Sex')).toHaveValue('');
    expect(screen.getByLabelText('Where on the body')).toHaveValue('');
    expect(screen.getByRole('option', { name: 'Leg' })).toHaveAttribute(
      'value',
      'lower extremity',
    );
  });

  it('is filled in with the keyboard', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    render(<FormHarness onChange={onChange} />);

    await user.tab();
    expect(screen.getByLabelText('Age in years')).toHaveFocus();
    await user.keyboard('63');
    await user.tab();
    await user.selectOptions(screen.getByLabelText('Sex'), 'Female');
    await user.selectOptions(screen.getByLabelText('Where on the body'), 'Leg');

    expect(onChange).toHaveBeenLastCalledWith({
      age: '63',
      ageBadInput: false,
      sex: 'female',
      site: 'lower extremity',
    });
  });

  it('reports an age it cannot parse', () => {
    const onChange = vi.fn();
    render(<FormHarness onChange={onChange} />);
    const age = screen.getByLabelText('Age in years');
    // jsdom never sets badInput, so the stub plays Chromium with `--5`
    // typed: the value stays '' and only `validity.badInput` changes.
    Object.defineProperty(age, 'validity', {
      value: { badInput: true },
    });

    fireEvent.input(age, { target: { value: '' } });

    expect(onChange).toHaveBeenLastCalledWith({
      ...EMPTY_PATIENT_FORM,
      ageBadInput: true,
    });
  });

  it('links the age error to the field', () => {
    render(
      <MetadataForm
        encoding={encoding}
        value={{ ...EMPTY_PATIENT_FORM, age: '200' }}
        ageError="Enter an age from 0 to 120 years."
        onChange={() => {}}
      />,
    );
    const age = screen.getByLabelText('Age in years');
    expect(age).toHaveAttribute('aria-invalid', 'true');
    expect(age).toHaveAccessibleDescription(
      'Enter an age from 0 to 120 years.',
    );
  });
});

describe('PhotoPicker', () => {
  it('passes a chosen file on', async () => {
    const onPick = vi.fn();
    render(<PhotoPicker onPick={onPick} />);
    const file = new File(['x'], 'lesion.jpg', { type: 'image/jpeg' });

    await userEvent.upload(
      screen.getByLabelText('Photo of the skin lesion'),
      file,
    );

    expect(onPick).toHaveBeenCalledWith(file);
  });

  it('passes a dropped file on', () => {
    const onPick = vi.fn();
    render(<PhotoPicker onPick={onPick} />);
    const file = new File(['x'], 'dropped.png', { type: 'image/png' });

    fireEvent.drop(screen.getByTestId('drop-zone'), {
      dataTransfer: { files: [file] },
    });

    expect(onPick).toHaveBeenCalledWith(file);
    expect(screen.queryByTestId('drop-note')).toBeNull();
  });

  it('analyses the first of several dropped files', () => {
    const onPick = vi.fn();
    render(<PhotoPicker onPick={onPick} />);
    const first = new File(['x'], 'first.png', { type: 'image/png' });
    const second = new File(['y'], 'second.png', { type: 'image/png' });

    fireEvent.drop(screen.getByTestId('drop-zone'), {
      dataTransfer: { files: [first, second] },
    });

    expect(onPick).toHaveBeenCalledTimes(1);
    expect(onPick).toHaveBeenCalledWith(first);
    expect(screen.getByTestId('drop-note')).toHaveTextContent(
      '2 files were dropped, so only the first, "first.png", is analysed. ' +
        'Drop one photo at a time.',
    );
  });

  it('explains a drop with no file', () => {
    const onPick = vi.fn();
    render(<PhotoPicker onPick={onPick} />);

    fireEvent.drop(screen.getByTestId('drop-zone'), {
      dataTransfer: { files: [] },
    });

    expect(onPick).not.toHaveBeenCalled();
    expect(screen.getByTestId('drop-note')).toHaveTextContent(
      'What was dropped is not a file.',
    );
  });

  it('offers photo formats in the dialog', () => {
    render(<PhotoPicker onPick={() => {}} />);
    expect(screen.getByLabelText('Photo of the skin lesion')).toHaveAttribute(
      'accept',
      'image/jpeg,image/png,image/webp,image/heic,image/heif,image/avif',
    );
  });

  it('keeps the photo library open on phones', () => {
    render(<PhotoPicker onPick={() => {}} />);
    expect(
      screen.getByLabelText('Photo of the skin lesion'),
    ).not.toHaveAttribute('capture');
  });
});
