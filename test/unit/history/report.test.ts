// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';

import type { AnalysisRecord } from '../../../src/history/records';
import { buildReport, MEDICAL_DISCLAIMER } from '../../../src/history/report';
import { DEFAULT_VOCABULARY } from '../../../src/history/vocabulary';
import {
  LABELS,
  makeAnalysis,
  makeLesion,
} from '../../helpers/history-records';

const LABEL_NAMES = Object.fromEntries(
  LABELS.map((code) => [code, `Name of ${code}`]),
);

function report(note = 'Slightly raised.', name = 'left shoulder mole') {
  const lesion = makeLesion({ name });
  const html = buildReport({
    lesions: [
      {
        lesion,
        analyses: [
          makeAnalysis({ malignant: 0.1, note }),
          makeAnalysis({
            id: 'analysis-2',
            analysedAt: '2025-03-01T10:00:00.000Z',
            malignant: 0.6,
          }),
        ],
      },
    ],
    vocabulary: DEFAULT_VOCABULARY,
    labelNames: LABEL_NAMES,
    generatedAt: new Date('2025-04-01T09:00:00.000Z'),
    appVersion: '1.2.3-app',
  });
  return { html, doc: new DOMParser().parseFromString(html, 'text/html') };
}

/** Builds the report of one analysis with the given flags. */
function reportWithFlags(flags: AnalysisRecord['result']['flags']) {
  const analysis = makeAnalysis({ malignant: 0.014 });
  analysis.result.flags = flags;
  const html = buildReport({
    lesions: [{ lesion: makeLesion(), analyses: [analysis] }],
    vocabulary: DEFAULT_VOCABULARY,
    labelNames: LABEL_NAMES,
    generatedAt: new Date('2025-04-01T09:00:00.000Z'),
    appVersion: '1.2.3-app',
  });
  return new DOMParser().parseFromString(html, 'text/html');
}

/** Returns the text of the field named `term` in the first analysis. */
function fieldText(doc: Document, term: string): string | null {
  const terms = [...doc.querySelectorAll('.analysis dt')];
  const dt = terms.find((element) => element.textContent === term);
  return dt?.nextElementSibling?.textContent ?? null;
}

describe('buildReport', () => {
  it('is a complete document with a strict policy', () => {
    const { html, doc } = report();
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    const policy = doc
      .querySelector('meta[http-equiv="Content-Security-Policy"]')
      ?.getAttribute('content');
    expect(policy).toBe(
      "default-src 'none'; img-src data:; style-src 'unsafe-inline'",
    );
    expect(doc.title).toBe('OncoScan report: left shoulder mole');
  });

  it('contains the disclaimer and versions', () => {
    const { doc } = report();
    const text = doc.body.textContent!;
    expect(text).toContain(MEDICAL_DISCLAIMER);
    expect(text).toContain('OncoScan 1.2.3-app');
    expect(text).toContain('oncoscan-test 1.2.3');
  });

  it('shows each analysis with photo and results', () => {
    const { doc } = report();
    const analyses = doc.querySelectorAll('.analysis');
    expect(analyses).toHaveLength(2);
    const images = doc.querySelectorAll('img');
    expect(images).toHaveLength(2);
    expect(images[0]!.getAttribute('src')).toMatch(
      /^data:image\/jpeg;base64,\/9j\//,
    );
    expect(images[0]!.getAttribute('alt')).toMatch(
      /^Photo of left shoulder mole, /,
    );
    const first = analyses[0]!.textContent!;
    expect(first).toContain('Low risk: monitor for change');
    expect(first).toContain('10.0 %');
    expect(first).toContain('age 45, male, Back');
    expect(analyses[1]!.textContent).toContain('Refer to a dermatologist');
    // Diagnoses by name, most likely first.
    const rows = [...analyses[0]!.querySelectorAll('tbody tr th')].map(
      (cell) => cell.textContent,
    );
    expect(rows[0]).toBe('Name of nv');
    expect(rows).toHaveLength(LABELS.length);
  });

  it('summarises the rise across the threshold', () => {
    const { doc } = report();
    expect(doc.querySelector('.lesion p')!.textContent).toMatch(
      /^Body site: Back\. Malignant probability went from 10\.0 %.*It rose above the referral threshold between/,
    );
  });

  it('inserts notes and names as text', () => {
    const note = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const { doc } = report(note, '<b>mole</b>');
    expect(doc.querySelectorAll('script')).toHaveLength(0);
    expect(doc.querySelectorAll('img[src="x"]')).toHaveLength(0);
    expect(doc.querySelectorAll('b')).toHaveLength(0);
    expect(doc.querySelector('.note')!.textContent).toBe(note);
    expect(doc.querySelector('h2')!.textContent).toBe('<b>mole</b>');
  });

  it('keeps each analysis on one printed page', () => {
    const { doc } = report();
    const style = doc.querySelector('style')!.textContent!;
    expect(style).toMatch(/\.analysis \{[^}]*break-inside: avoid;/);
    expect(style).toContain('@page');
  });
});

describe('buildReport warnings', () => {
  it('marks an unreliable result', () => {
    const doc = reportWithFlags(['off_centre', 'out_of_distribution']);
    const mark = doc.querySelector('.analysis .unreliable-mark');
    expect(mark?.textContent).toMatch(
      /^Unreliable result: the photo did not look like the dermatoscopic/,
    );
    expect(fieldText(doc, 'Warnings')).toContain(
      'Photo warnings: lesion off-centre.',
    );
    const result = doc.querySelector('.analysis dd span');
    expect(result?.textContent).toBe('Low risk: monitor for change');
    expect(result?.className).toBe('unreliable');
    expect(doc.querySelector('.lesion p')!.textContent).toMatch(
      /The result is unreliable\.$/,
    );
  });

  it('marks an uncertain result', () => {
    const doc = reportWithFlags(['outputs_disagree']);
    const mark = doc.querySelector('.analysis .unreliable-mark');
    expect(mark?.textContent).toMatch(
      /^Uncertain result: the malignant probability and the diagnosis table/,
    );
    const result = doc.querySelector('.analysis dd span');
    expect(result?.textContent).toBe('Low risk: monitor for change');
    expect(result?.className).toBe('unreliable');
  });

  it('lists quality warnings of a reliable result', () => {
    const doc = reportWithFlags(['greyscale', 'overexposed']);
    expect(doc.querySelector('.unreliable-mark')).toBeNull();
    expect(fieldText(doc, 'Warnings')).toBe(
      'Photo warnings: black and white, too bright.',
    );
    expect(doc.querySelector('.analysis dd span')?.className).toBe('monitor');
  });

  it('says none for an empty list', () => {
    expect(fieldText(reportWithFlags([]), 'Warnings')).toBe('none');
  });

  it('says when warnings were not recorded', () => {
    const doc = reportWithFlags(null);
    expect(fieldText(doc, 'Warnings')).toBe(
      'Photo warnings were not recorded for this analysis.',
    );
    expect(doc.querySelector('.analysis dd span')?.className).toBe('monitor');
  });
});
