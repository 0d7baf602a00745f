import type { Knowledge } from '../knowledge/schema.ts';

/** A dialogue text from knowledge/, with `{name}` placeholders filled from `vars`. */
export function say(kb: Knowledge, id: string, vars: Record<string, string | number> = {}): string {
  const entry = kb.entries.get(id);
  if (!entry) throw new Error(`knowledge entry "${id}" is missing from knowledge/`);
  return entry.text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    vars[name] === undefined ? whole : String(vars[name]),
  );
}
