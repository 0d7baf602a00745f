/** Renders the advisor's light markup for a terminal: bold markers dropped, bullets kept. */
export function plainText(markup: string): string {
  return markup.replace(/\*\*(.+?)\*\*/g, '$1');
}
