/**
 * The printable report: a standalone HTML file with the photos inlined as
 * data URLs, built with DOM methods so every user-written or imported
 * text is inserted as text, never parsed as HTML. Its own Content
 * Security Policy allows no script and no request, as a second guard.
 */

import type { PhotoFlag } from '../quality/assess';
import { formatPercent, RISK_CATEGORY_TEXT } from '../result/interpret';
import { describeChart } from './chart';
import { exportPhoto } from './export-json';
import {
  FLAGS_NOT_RECORDED_TEXT,
  isUncertain,
  isUnreliable,
  qualitySentence,
  UNCERTAIN_DETAIL,
  UNCERTAIN_TEXT,
  UNRELIABLE_DETAIL,
  UNRELIABLE_TEXT,
} from './flags';
import { formatDateTime } from './format';
import type { AnalysisRecord, LesionRecord } from './records';
import { siteName, type HistoryVocabulary } from './vocabulary';

export const MEDICAL_DISCLAIMER =
  'OncoScan is not a medical device and does not diagnose skin cancer. ' +
  'Its result is a statistical estimate from a model trained on a public ' +
  'research dataset, it misses some malignant lesions, and it has not ' +
  'been validated in clinical use. Anyone worried about a lesion should ' +
  'see a doctor, whatever the app says.';

const REPORT_POLICY =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/** Print-friendly styles: A4 margins, no analysis split across pages. */
const REPORT_STYLE = `
  body { font-family: system-ui, sans-serif; color: #1b1b1b;
    max-width: 50rem; margin: 1rem auto; padding: 0 1rem; line-height: 1.4; }
  h1 { margin-bottom: 0.25rem; }
  .disclaimer { border: 2px solid #8a1014; padding: 0.5rem 0.75rem; }
  .lesion + .lesion { break-before: page; }
  .analysis { display: grid; grid-template-columns: 10rem 1fr; gap: 1rem;
    border-top: 1px solid #8a94a3; padding: 0.75rem 0;
    break-inside: avoid; page-break-inside: avoid; }
  .analysis img { width: 10rem; height: auto; border-radius: 0.25rem; }
  .analysis h3 { margin: 0 0 0.25rem; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: 0 0.75rem;
    margin: 0.25rem 0; }
  dt { font-weight: 600; }
  dd { margin: 0; }
  table { border-collapse: collapse; margin-top: 0.25rem; }
  th, td { text-align: left; padding: 0 0.75rem 0 0; font-weight: normal; }
  .note { white-space: pre-wrap; overflow-wrap: anywhere; }
  .refer { color: #8a1014; font-weight: 700; }
  .monitor { color: #1d5c22; font-weight: 700; }
  .unreliable { color: #6b4200; font-weight: 700; }
  .unreliable-mark { display: block; border-left: 0.4rem solid #6b4200;
    background: #fff4d6; color: #6b4200; padding: 0.25rem 0.5rem;
    print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .quality { display: block; }
  @page { margin: 15mm; }
  @media print { body { margin: 0; max-width: none; } }
`;

export interface ReportLesion {
  lesion: LesionRecord;
  /** The lesion's analyses, oldest first. */
  analyses: readonly AnalysisRecord[];
}

export interface ReportInput {
  lesions: readonly ReportLesion[];
  vocabulary: HistoryVocabulary;
  /** Plain-language name of each diagnosis code. */
  labelNames: Readonly<Record<string, string>>;
  generatedAt: Date;
  appVersion: string;
}

type Children = (Node | string | null)[];

/** Small element builder over one document. */
function builder(doc: Document) {
  return (
    tag: string,
    attributes: Record<string, string> = {},
    ...children: Children
  ): HTMLElement => {
    const element = doc.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      element.setAttribute(name, value);
    }
    for (const child of children) {
      if (child !== null) {
        element.append(child);
      }
    }
    return element;
  };
}

function patientText(
  analysis: AnalysisRecord,
  vocabulary: HistoryVocabulary,
): string {
  const { age, sex, site } = analysis.patient;
  return [
    age === null ? 'age not given' : `age ${age}`,
    sex === null ? 'sex not given' : sex,
    site === null ? 'site not given' : siteName(vocabulary, site),
  ].join(', ');
}

/**
 * Returns the content of an analysis's "Warnings" field: the unreliable
 * mark, the photo-quality flags in short words, "none", or that they were
 * not recorded.
 */
function warnings(
  element: ReturnType<typeof builder>,
  flags: readonly PhotoFlag[] | null,
): Children {
  if (flags === null) {
    return [FLAGS_NOT_RECORDED_TEXT];
  }
  const quality = qualitySentence(flags);
  const children: Children = [];
  if (isUnreliable(flags)) {
    children.push(
      element(
        'span',
        { class: 'unreliable-mark' },
        element('strong', {}, `${UNRELIABLE_TEXT}: `),
        UNRELIABLE_DETAIL,
      ),
    );
  }
  if (isUncertain(flags)) {
    children.push(
      element(
        'span',
        { class: 'unreliable-mark' },
        element('strong', {}, `${UNCERTAIN_TEXT}: `),
        UNCERTAIN_DETAIL,
      ),
    );
  }
  if (quality) {
    children.push(element('span', { class: 'quality' }, quality));
  }
  return children.length > 0 ? children : ['none'];
}

function analysisSection(
  element: ReturnType<typeof builder>,
  analysis: AnalysisRecord,
  lesion: LesionRecord,
  input: ReportInput,
): HTMLElement {
  const { result } = analysis;
  // An unreliable or uncertain low risk must not look reassuring.
  const unreliable =
    isUnreliable(result.flags) ||
    (isUncertain(result.flags) && result.riskCategory === 'monitor');
  const when = formatDateTime(analysis.analysedAt);
  const rows = result.labels
    .map((code, i) => ({
      name: input.labelNames[code] ?? code,
      probability: result.diagnosis[i] ?? 0,
    }))
    .sort((a, b) => b.probability - a.probability)
    .map((row) =>
      element(
        'tr',
        {},
        element('th', { scope: 'row' }, row.name),
        element('td', {}, formatPercent(row.probability)),
      ),
    );

  const field = (term: string, ...value: Children) => [
    element('dt', {}, term),
    element('dd', {}, ...value),
  ];
  return element(
    'article',
    { class: 'analysis' },
    element('img', {
      src: exportPhoto(analysis.photo).dataUrl,
      alt: `Photo of ${lesion.name}, ${when}`,
      width: String(analysis.photo.width),
      height: String(analysis.photo.height),
    }),
    element(
      'div',
      {},
      element('h3', {}, when),
      element(
        'dl',
        {},
        ...field(
          'Result',
          element(
            'span',
            { class: unreliable ? 'unreliable' : result.riskCategory },
            RISK_CATEGORY_TEXT[result.riskCategory],
          ),
        ),
        ...field('Warnings', ...warnings(element, result.flags)),
        ...field('Malignant probability', formatPercent(result.malignant)),
        ...field('Referral threshold', formatPercent(result.threshold)),
        ...field('Model', `${result.modelName} ${result.modelVersion}`),
        ...field('Details given', patientText(analysis, input.vocabulary)),
        ...field(
          'Note',
          element('span', { class: 'note' }, analysis.note || 'none'),
        ),
      ),
      element(
        'table',
        {},
        element('caption', {}, 'Probability of each diagnosis'),
        element('tbody', {}, ...rows),
      ),
    ),
  );
}

/** Builds the report as the text of a complete HTML document. */
export function buildReport(
  input: ReportInput,
  implementation: DOMImplementation = document.implementation,
): string {
  const title =
    input.lesions.length === 1
      ? `OncoScan report: ${input.lesions[0]!.lesion.name}`
      : 'OncoScan report: all lesions';
  const doc = implementation.createHTMLDocument(title);
  const element = builder(doc);
  doc.documentElement.setAttribute('lang', 'en');
  doc.head.prepend(
    element('meta', { charset: 'utf-8' }),
    element('meta', {
      'http-equiv': 'Content-Security-Policy',
      content: REPORT_POLICY,
    }),
    element('meta', {
      name: 'viewport',
      content: 'width=device-width, initial-scale=1',
    }),
  );
  doc.head.append(element('style', {}, REPORT_STYLE));

  doc.body.append(
    element('h1', {}, title),
    element(
      'p',
      {},
      `Made on ${formatDateTime(input.generatedAt.toISOString())} by ` +
        `OncoScan ${input.appVersion}, from analyses saved on this device.`,
    ),
    element(
      'p',
      { class: 'disclaimer', role: 'note' },
      element('strong', {}, 'Not a diagnosis. '),
      MEDICAL_DISCLAIMER,
    ),
  );
  if (input.lesions.length === 0) {
    doc.body.append(element('p', {}, 'No lesions are saved.'));
  }
  for (const { lesion, analyses } of input.lesions) {
    const chartInput = analyses.map((analysis) => ({
      id: analysis.id,
      analysedAt: analysis.analysedAt,
      malignant: analysis.result.malignant,
      threshold: analysis.result.threshold,
      unreliable: isUnreliable(analysis.result.flags),
    }));
    doc.body.append(
      element(
        'section',
        { class: 'lesion' },
        element('h2', {}, lesion.name),
        element(
          'p',
          {},
          `Body site: ${siteName(input.vocabulary, lesion.site)}. ` +
            describeChart(chartInput),
        ),
        ...analyses.map((analysis) =>
          analysisSection(element, analysis, lesion, input),
        ),
      ),
    );
  }
  return `<!doctype html>\n${doc.documentElement.outerHTML}\n`;
}
