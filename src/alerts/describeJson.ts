// Names a JSON value in an error line ("the number 3", "a list") without ever printing raw control text.

export function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the string ${quoteShort(value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `${value}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** A JSON-quoted, at most 40-character excerpt: control and bidi characters escaped, never raw. */
export function quoteShort(text: string): string {
  const chars = [...text];
  const short = chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : text;
  return JSON.stringify(short).replace(
    /[\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/gu,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
