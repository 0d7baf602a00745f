/**
 * Wraps text to a terminal's width at spaces, keeping a bullet's or number's
 * indent on the lines that follow. A word longer than the width is left whole.
 */
export function wrapText(text: string, width: number | undefined): string {
  if (!width || width < 20) return text;
  return text
    .split('\n')
    .map((line) => wrapLine(line, width))
    .join('\n');
}

function wrapLine(line: string, width: number): string {
  if ([...line].length <= width) return line;
  const lead = /^(\s*(?:•|\d+\.)?\s*)/.exec(line)?.[1] ?? '';
  const indent = ' '.repeat([...lead].length);
  const words = line.slice(lead.length).split(' ');
  const out: string[] = [];
  let current = lead;
  for (const word of words) {
    const candidate =
      current.trim() === '' || current === lead ? `${current}${word}` : `${current} ${word}`;
    if ([...candidate].length > width && current !== lead && current !== indent) {
      out.push(current);
      current = `${indent}${word}`;
    } else {
      current = candidate;
    }
  }
  out.push(current);
  return out.join('\n');
}
