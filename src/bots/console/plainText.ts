import { renderMarkup } from '../../dialogue/markup.ts';

const asIs = (text: string) => text;

/** Renders the advisor's light markup for a terminal: markers dropped, text kept. */
export function plainText(markup: string): string {
  return renderMarkup(markup, { plain: asIs, bold: asIs, italic: asIs, literal: asIs });
}
