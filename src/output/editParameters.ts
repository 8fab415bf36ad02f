// Turns the text a person edits (`container=app memoryLimit=12Gi replicas=5`) back into action parameters.

export type ParsedParameters =
  { ok: true; parameters: Record<string, unknown> } | { ok: false; error: string };

function parseValue(text: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  if (text.startsWith('{') || text.startsWith('[') || text.startsWith('"')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** Splits on spaces outside quotes/brackets; each token must be key=value. */
export function parseParameterText(text: string): ParsedParameters {
  const tokens: string[] = [];
  let current = '';
  let depth = 0;
  let quote = false;
  for (const ch of text.trim()) {
    if (ch === '"') quote = !quote;
    if (!quote && (ch === '{' || ch === '[')) depth++;
    if (!quote && (ch === '}' || ch === ']')) depth--;
    if (ch === ' ' && depth === 0 && !quote) {
      if (current) tokens.push(current);
      current = '';
    } else current += ch;
  }
  if (current) tokens.push(current);
  const parameters: Record<string, unknown> = {};
  for (const token of tokens) {
    const eq = token.indexOf('=');
    if (eq <= 0) return { ok: false, error: `"${token}" is not key=value` };
    parameters[token.slice(0, eq)] = parseValue(token.slice(eq + 1));
  }
  return { ok: true, parameters };
}
