/**
 * Regions of the body map, front and back outlines side by side in one
 * SVG, each tied to a HAM10000 site value of `manifest.metadata.site`.
 * The figures stand in the anatomical position: palms forward, so the
 * front view shows the palms (acral) and the back view the backs of the
 * hands (hand) and the soles (acral).
 */

export const BODY_MAP_VIEW_BOX = '0 0 400 300';

/** Horizontal centres of the front and back figures, in SVG units. */
const FRONT = 100;
const BACK = 300;

export interface BodyMapRegion {
  /** HAM10000 site value. */
  site: string;
  /** SVG path data of every shape of the site, in both views. */
  paths: string[];
  /** Position of the marker of tracked lesions. */
  marker: { x: number; y: number };
}

function rect(x: number, y: number, width: number, height: number): string {
  return `M${x},${y} h${width} v${height} h${-width} Z`;
}

function ellipse(cx: number, cy: number, rx: number, ry: number): string {
  return (
    `M${cx - rx},${cy} a${rx},${ry} 0 1 0 ${2 * rx},0 ` +
    `a${rx},${ry} 0 1 0 ${-2 * rx},0 Z`
  );
}

function polygon(...points: [number, number][]): string {
  return `M${points.map(([x, y]) => `${x},${y}`).join(' L')} Z`;
}

/** Head circle: centre (c, 32), radius 20; the scalp is the cap above y 24. */
const HEAD_Y = 32;
const HEAD_RADIUS = 20;
const SCALP_CHORD_Y = 24;
const SCALP_HALF_WIDTH = Math.sqrt(
  HEAD_RADIUS ** 2 - (HEAD_Y - SCALP_CHORD_Y) ** 2,
);

/**
 * Returns the part of the head circle above (`largeArc` 0, the scalp) or
 * below (`largeArc` 1, the face) the chord at `SCALP_CHORD_Y`.
 */
function headPart(c: number, largeArc: 0 | 1): string {
  const left = (c - SCALP_HALF_WIDTH).toFixed(2);
  const right = (c + SCALP_HALF_WIDTH).toFixed(2);
  const sweep = largeArc === 0 ? 1 : 0;
  const radius = `${HEAD_RADIUS},${HEAD_RADIUS}`;
  return (
    `M${left},${SCALP_CHORD_Y} ` +
    `A${radius} 0 ${largeArc} ${sweep} ${right},${SCALP_CHORD_Y} Z`
  );
}

function scalpCap(c: number): string {
  return headPart(c, 0);
}

function face(c: number): string {
  return headPart(c, 1);
}

function ears(c: number): string[] {
  return [ellipse(c - 22, 34, 4, 7), ellipse(c + 22, 34, 4, 7)];
}

function arms(c: number): string[] {
  return [
    polygon([c - 31, 64], [c - 44, 68], [c - 52, 146], [c - 40, 148]),
    polygon([c + 31, 64], [c + 44, 68], [c + 52, 146], [c + 40, 148]),
  ];
}

function hands(c: number): string[] {
  return [ellipse(c - 47, 158, 7, 10), ellipse(c + 47, 158, 7, 10)];
}

function legs(c: number): string[] {
  return [
    polygon([c - 27, 160], [c - 3, 160], [c - 6, 268], [c - 22, 268]),
    polygon([c + 3, 160], [c + 27, 160], [c + 22, 268], [c + 6, 268]),
  ];
}

function feet(c: number): string[] {
  return [ellipse(c - 15, 278, 11, 7), ellipse(c + 15, 278, 11, 7)];
}

/** Regions in keyboard order, from head to feet. */
export const BODY_MAP_REGIONS: readonly BodyMapRegion[] = [
  {
    site: 'scalp',
    paths: [scalpCap(FRONT), ellipse(BACK, HEAD_Y, HEAD_RADIUS, HEAD_RADIUS)],
    marker: { x: BACK, y: HEAD_Y },
  },
  { site: 'face', paths: [face(FRONT)], marker: { x: FRONT, y: 38 } },
  {
    site: 'ear',
    paths: [...ears(FRONT), ...ears(BACK)],
    marker: { x: FRONT - 22, y: 34 },
  },
  {
    site: 'neck',
    paths: [rect(FRONT - 8, 52, 16, 10), rect(BACK - 8, 52, 16, 10)],
    marker: { x: FRONT, y: 57 },
  },
  {
    site: 'chest',
    paths: [rect(FRONT - 30, 62, 60, 44)],
    marker: { x: FRONT, y: 84 },
  },
  {
    site: 'back',
    paths: [rect(BACK - 30, 62, 60, 62)],
    marker: { x: BACK, y: 93 },
  },
  {
    site: 'abdomen',
    paths: [rect(FRONT - 28, 106, 56, 38)],
    marker: { x: FRONT, y: 125 },
  },
  {
    site: 'trunk',
    paths: [
      rect(FRONT - 28, 144, 19, 16),
      rect(FRONT + 9, 144, 19, 16),
      rect(BACK - 28, 124, 56, 36),
    ],
    marker: { x: BACK, y: 142 },
  },
  {
    site: 'genital',
    paths: [rect(FRONT - 9, 144, 18, 16)],
    marker: { x: FRONT, y: 152 },
  },
  {
    site: 'upper extremity',
    paths: [...arms(FRONT), ...arms(BACK)],
    marker: { x: FRONT - 42, y: 105 },
  },
  { site: 'hand', paths: hands(BACK), marker: { x: BACK - 47, y: 158 } },
  {
    site: 'acral',
    paths: [...hands(FRONT), ...feet(BACK)],
    marker: { x: FRONT - 47, y: 158 },
  },
  {
    site: 'lower extremity',
    paths: [...legs(FRONT), ...legs(BACK)],
    marker: { x: FRONT - 14, y: 215 },
  },
  { site: 'foot', paths: feet(FRONT), marker: { x: FRONT - 15, y: 278 } },
];

/** Positions of the "Front" and "Back" captions. */
export const BODY_MAP_CAPTIONS = [
  { text: 'Front', x: FRONT, y: 298 },
  { text: 'Back', x: BACK, y: 298 },
];
