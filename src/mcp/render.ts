// The text content of a tool result: the same facts as structuredContent, as compact YAML lines.
import { stringify } from 'yaml';

export function renderFacts(value: unknown): string {
  return stringify(prune(value), { lineWidth: 0, indent: 2, flowCollectionPadding: false }).trimEnd();
}

/** Drops undefined, empty arrays and empty objects: they cost tokens and say nothing. */
function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const pruned = prune(child);
      if (pruned === undefined) continue;
      if (Array.isArray(pruned) && pruned.length === 0) continue;
      if (pruned && typeof pruned === 'object' && !Array.isArray(pruned) && Object.keys(pruned).length === 0)
        continue;
      out[key] = pruned;
    }
    return out;
  }
  return value;
}
