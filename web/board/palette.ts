/**
 * The colours offered for strokes and fills: mid-tone hues that read on the light and the dark board.
 * "Ink" is stored as a colour like the others but drawn with the theme's ink, so a black stroke stays
 * visible in dark mode (Excalidraw inverts its canvas for the same reason). Fills are the same hues
 * laid on at low opacity, so text on them keeps its contrast in both themes.
 */
export const INK = '#1e1e1e';

export const PALETTE = [
  { name: 'Ink', value: INK },
  { name: 'Red', value: '#e03131' },
  { name: 'Green', value: '#2f9e44' },
  { name: 'Blue', value: '#1971c2' },
  { name: 'Orange', value: '#e8590c' },
  { name: 'Violet', value: '#9c36b5' },
] as const;

export const FILL_OPACITY = 0.22;

/** What to draw a stored colour with. */
export function paint(color: string): string {
  return color.toLowerCase() === INK ? 'var(--board-ink)' : color;
}

/** Sticky notes: a light tint per hue with dark text, the same in both themes (paper is paper). */
const STICKY: Record<string, string> = {
  '#e03131': '#ffc9c9',
  '#2f9e44': '#b2f2bb',
  '#1971c2': '#a5d8ff',
  '#e8590c': '#ffd8a8',
  '#9c36b5': '#eebefa',
};
export const STICKY_DEFAULT = '#fff3bf';
export const STICKY_INK = '#1e1e1e';

export function stickyPaper(fill: string | undefined): string {
  return (fill && STICKY[fill.toLowerCase()]) ?? STICKY_DEFAULT;
}

/** Marker ids for arrowheads in each palette colour (a marker cannot take its line's colour). */
export function arrowheadId(stroke: string | undefined): string {
  const p = PALETTE.find((c) => c.value === stroke?.toLowerCase());
  return p && p.value !== INK ? `arrowhead-${p.value.slice(1)}` : 'arrowhead';
}
