import type { Knowledge } from '../knowledge/schema.ts';
import { fillPassingBars } from '../rules/passingBars.ts';

/**
 * A dialogue text from knowledge/, with `{name}` placeholders filled from `vars` and
 * `{bar.<exam>}` ones from the passing-bar table.
 */
export function say(kb: Knowledge, id: string, vars: Record<string, string | number> = {}): string {
  const entry = kb.entries.get(id);
  if (!entry) throw new Error(`knowledge entry "${id}" is missing from knowledge/`);
  return fillPassingBars(entry.text, kb).replace(/\{(\w+)\}/g, (whole, name: string) =>
    vars[name] === undefined ? whole : String(vars[name]),
  );
}
