/**
 * Values that saved records may use for sex and anatomical site. They come
 * from the model's manifest when it is loaded; the defaults are the
 * HAM10000 values the manifest of every OncoScan model so far contains,
 * so history works while the model is loading or failed to load.
 */

import type { MetadataEncoding } from '../shared/manifest';

export interface HistoryVocabulary {
  sexes: readonly string[];
  /** HAM10000 `localization` values, as `manifest.metadata.site.values`. */
  sites: readonly string[];
  /** Plain-language name of each site value. */
  siteNames: Readonly<Record<string, string>>;
}

export const DEFAULT_VOCABULARY: HistoryVocabulary = {
  sexes: ['male', 'female', 'unknown'],
  sites: [
    'abdomen',
    'acral',
    'back',
    'chest',
    'ear',
    'face',
    'foot',
    'genital',
    'hand',
    'lower extremity',
    'neck',
    'scalp',
    'trunk',
    'upper extremity',
    'unknown',
  ],
  siteNames: {
    abdomen: 'Abdomen',
    acral: 'Palm or sole (acral)',
    back: 'Back',
    chest: 'Chest',
    ear: 'Ear',
    face: 'Face',
    foot: 'Foot',
    genital: 'Genital area',
    hand: 'Hand',
    'lower extremity': 'Leg',
    neck: 'Neck',
    scalp: 'Scalp',
    trunk: 'Trunk (other)',
    'upper extremity': 'Arm',
    unknown: 'Unknown',
  },
};

/**
 * Returns the values of a model's metadata encoding together with the
 * defaults, so records saved with an earlier model stay valid.
 */
export function vocabularyOf(encoding: MetadataEncoding): HistoryVocabulary {
  const union = (a: readonly string[], b: readonly string[]) => [
    ...new Set([...a, ...b]),
  ];
  return {
    sexes: union(encoding.sex.values, DEFAULT_VOCABULARY.sexes),
    sites: union(encoding.site.values, DEFAULT_VOCABULARY.sites),
    siteNames: {
      ...DEFAULT_VOCABULARY.siteNames,
      ...encoding.site.displayNames,
    },
  };
}

/** Returns the plain-language name of a site value, or the value itself. */
export function siteName(
  vocabulary: HistoryVocabulary,
  site: string | null,
): string {
  if (site === null) {
    return 'Site not given';
  }
  return vocabulary.siteNames[site] ?? site;
}
