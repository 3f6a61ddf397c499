/**
 * How wide a tree row's text is in the e2e suite's VS Code (code-server 4.139 in Chromium on Linux):
 * the workbench font there is DejaVu Sans, the widest of VS Code's default UI fonts (Segoe UI,
 * -apple-system and Ubuntu are narrower), so a row that fits here fits everywhere.
 *
 * The advance widths were measured in that Chromium with canvas measureText at 13 px (the tree's
 * label size); a description is 0.9 em and sits 0.5 em after its label. Where each tree level's
 * text starts and how much room it has at a 300 px side bar was measured in the e2e suite
 * (test/e2e/tree.test.mjs logs it): level 1 has 225 px, each level deeper 8 px less.
 */
const WIDTH_13PX: Readonly<Record<string, number>> = {
  ' ': 4.13, '!': 5.21, '"': 5.98, '#': 10.89, $: 8.27, '%': 12.35, '&': 10.14, "'": 3.57, '(': 5.07, ')': 5.07, '*': 6.5, '+': 10.89,
  ',': 4.13, '-': 4.69, '.': 4.13, '/': 4.38, ':': 4.38, ';': 4.38, '<': 10.89, '=': 10.89, '>': 10.89, '?': 6.9, '@': 13,
  A: 8.89, B: 8.92, C: 9.08, D: 10.01, E: 8.21, F: 7.48, G: 10.07, H: 9.78, I: 3.83, J: 3.83, K: 8.52, L: 7.24, M: 11.22,
  N: 9.72, O: 10.23, P: 7.84, Q: 10.23, R: 9.03, S: 8.25, T: 7.94, U: 9.52, V: 8.89, W: 12.85, X: 8.91, Y: 7.94, Z: 8.91,
  '[': 5.07, '\\': 4.38, ']': 5.07, '^': 10.89, _: 6.5, '`': 6.5,
  a: 7.97, b: 8.25, c: 7.15, d: 8.25, e: 8, f: 4.58, g: 8.25, h: 8.24, i: 3.61, j: 3.61, k: 7.53, l: 3.61, m: 12.66,
  n: 8.24, o: 7.95, p: 8.25, q: 8.25, r: 5.34, s: 6.77, t: 5.1, u: 8.24, v: 7.69, w: 10.63, x: 7.69, y: 7.69, z: 6.82,
  '{': 8.27, '|': 4.38, '}': 8.27, '~': 10.89, '·': 4.13, '×': 10.89, '…': 13, '—': 13,
};
const DIGIT_13PX = 8.27;
/** Wider than any letter: an unmeasured character never makes a row look narrower than it is. */
const UNKNOWN_13PX = 13;

function textWidth(text: string, px: number): number {
  let width = 0;
  for (const ch of text) width += /\d/.test(ch) ? DIGIT_13PX : (WIDTH_13PX[ch] ?? UNKNOWN_13PX);
  return (width * px) / 13;
}

/** Pixels a row's label and description take, side by side, in the tree's fonts. */
export function rowWidth(label: string, description: string | undefined): number {
  const labelWidth = textWidth(label, 13);
  return description ? labelWidth + 0.5 * 11.7 + textWidth(description, 11.7) : labelWidth;
}

/** The room a row's text has at a 300 px side bar, by tree level (the context row is level 1). */
export function roomAt300px(level: number): number {
  return 225 - 8 * (level - 1);
}
