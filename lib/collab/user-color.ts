// Caret and avatar colours: stable per user, dark enough for white text (WCAG AA on labels).
const PALETTE = ["#b3261e", "#1d4ed8", "#047857", "#7c3aed", "#b45309", "#be185d", "#0e7490", "#4d7c0f"];

export function userColor(userId: string): string {
  let h = 0;
  for (const ch of userId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}
