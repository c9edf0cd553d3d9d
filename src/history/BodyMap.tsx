import { useId, useRef, type KeyboardEvent } from 'react';

import {
  BODY_MAP_CAPTIONS,
  BODY_MAP_REGIONS,
  BODY_MAP_VIEW_BOX,
} from './body-map-regions';
import { siteName, type HistoryVocabulary } from './vocabulary';

interface BodyMapProps {
  /** Accessible name of the map, e.g. "Where the lesion is". */
  label: string;
  vocabulary: HistoryVocabulary;
  value: string | null;
  onChange: (site: string) => void;
  /** Tracked lesions per site value, shown as numbered markers. */
  counts?: Readonly<Record<string, number>>;
}

function lesionCount(count: number): string {
  return count === 1 ? '1 tracked lesion' : `${count} tracked lesions`;
}

/**
 * Front and back body outline to pick an anatomical site. It is a radio
 * group, as in the WAI-ARIA radio group pattern: Tab enters at the chosen
 * site, the arrow keys, Home and End move and choose, and Space chooses.
 */
export function BodyMap({
  label,
  vocabulary,
  value,
  onChange,
  counts = {},
}: BodyMapProps) {
  const captionId = useId();
  const regionRefs = useRef(new Map<string, SVGGElement>());
  const regions = BODY_MAP_REGIONS.filter((region) =>
    vocabulary.sites.includes(region.site),
  );
  const focusable = value ?? regions[0]?.site ?? null;

  const choose = (index: number) => {
    const region = regions[(index + regions.length) % regions.length]!;
    onChange(region.site);
    regionRefs.current.get(region.site)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent, index: number) => {
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowRight':
        choose(index + 1);
        break;
      case 'ArrowUp':
      case 'ArrowLeft':
        choose(index - 1);
        break;
      case 'Home':
        choose(0);
        break;
      case 'End':
        choose(regions.length - 1);
        break;
      case ' ':
      case 'Enter':
        choose(index);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <figure className="body-map">
      <svg
        viewBox={BODY_MAP_VIEW_BOX}
        role="radiogroup"
        aria-label={label}
        aria-describedby={captionId}
      >
        {regions.map((region, index) => {
          const name = siteName(vocabulary, region.site);
          const count = counts[region.site] ?? 0;
          const checked = region.site === value;
          return (
            <g
              key={region.site}
              ref={(element) => {
                if (element) {
                  regionRefs.current.set(region.site, element);
                } else {
                  regionRefs.current.delete(region.site);
                }
              }}
              role="radio"
              aria-checked={checked}
              aria-label={count > 0 ? `${name}, ${lesionCount(count)}` : name}
              tabIndex={region.site === focusable ? 0 : -1}
              className={`body-region${checked ? ' checked' : ''}`}
              data-site={region.site}
              onClick={() => choose(index)}
              onKeyDown={(event) => onKeyDown(event, index)}
            >
              <title>{name}</title>
              {region.paths.map((path) => (
                <path key={path} d={path} />
              ))}
            </g>
          );
        })}
        <g aria-hidden="true" className="body-map-markers">
          {regions
            .filter((region) => (counts[region.site] ?? 0) > 0)
            .map((region) => (
              <g key={region.site} className="body-map-marker">
                <circle cx={region.marker.x} cy={region.marker.y} r={9} />
                <text x={region.marker.x} y={region.marker.y}>
                  {counts[region.site]}
                </text>
              </g>
            ))}
          {BODY_MAP_CAPTIONS.map((caption) => (
            <text
              key={caption.text}
              className="body-map-caption"
              x={caption.x}
              y={caption.y}
            >
              {caption.text}
            </text>
          ))}
        </g>
      </svg>
      <figcaption id={captionId}>
        {value === null
          ? 'No site chosen. Choose one on the outline with a click or ' +
            'the arrow keys.'
          : `Chosen site: ${siteName(vocabulary, value)}.`}
      </figcaption>
    </figure>
  );
}
