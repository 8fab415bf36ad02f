// Reads pasted alert text as JSON: exact line/column errors, a nesting limit and no prototype surprises.

export const MAX_ALERT_INPUT_BYTES = 1024 * 1024;
export const MAX_JSON_DEPTH = 64;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type JsonReadResult = { ok: true; value: JsonValue } | { ok: false; error: string };

/** Parses JSON text; on failure says where (1-based line and column, in characters) and what was wrong. */
export function readJson(text: string): JsonReadResult {
  const reader = new JsonReader(text);
  try {
    reader.skipSpace();
    const value = reader.value(0);
    reader.skipSpace();
    if (!reader.atEnd()) reader.fail(`unexpected ${reader.describeHere()} after the JSON value`);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
}

class JsonSyntaxError extends Error {}

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

class JsonReader {
  private pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpace(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++;
      else break;
    }
  }

  value(depth: number): JsonValue {
    if (this.atEnd()) this.fail('unexpected end of input, expected a value');
    const c = this.text[this.pos] as string;
    if (c === '{' || c === '[') {
      if (depth >= MAX_JSON_DEPTH) this.fail(`nested deeper than ${MAX_JSON_DEPTH} levels`);
      return c === '{' ? this.object(depth + 1) : this.array(depth + 1);
    }
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const [word, result] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return result;
      }
    }
    return this.fail(`unexpected ${this.describeHere()}, expected a value`);
  }

  private object(depth: number): JsonValue {
    this.pos++; // {
    // A null-prototype object: keys such as "__proto__" stay plain data.
    const result = Object.create(null) as Record<string, JsonValue>;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') {
        this.fail(
          this.atEnd()
            ? 'unexpected end of input, expected a property name'
            : `unexpected ${this.describeHere()}, expected a property name in double quotes`,
        );
      }
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.expected("':' after a property name");
      this.pos++;
      this.skipSpace();
      result[key] = this.value(depth);
      this.skipSpace();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === '}') {
        this.pos++;
        return result;
      }
      this.expected("',' or '}' after a property value");
    }
  }

  private array(depth: number): JsonValue {
    this.pos++; // [
    const result: JsonValue[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipSpace();
      result.push(this.value(depth));
      this.skipSpace();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === ']') {
        this.pos++;
        return result;
      }
      this.expected("',' or ']' after an array element");
    }
  }

  private string(): string {
    const start = this.pos;
    this.pos++; // opening quote
    let out = '';
    let chunkStart = this.pos;
    for (;;) {
      if (this.atEnd()) {
        this.pos = start;
        this.fail('unterminated string');
      }
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x22) {
        out += this.text.slice(chunkStart, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail(`control character ${hexCode(c)} inside a string (escape it)`);
      if (c === 0x5c) {
        out += this.text.slice(chunkStart, this.pos);
        const escape = this.text[this.pos + 1];
        if (escape === undefined) this.fail('unterminated string');
        if (escape === 'u') {
          const hex = this.text.slice(this.pos + 2, this.pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape: expected four hex digits');
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 6;
        } else if (ESCAPES[escape] !== undefined) {
          out += ESCAPES[escape];
          this.pos += 2;
        } else {
          const shown = printable(escape);
          this.fail(
            `bad escape ${shown.startsWith("'") ? `'\\${escape}'` : `\\ before ${shown}`} in a string`,
          );
        }
        chunkStart = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  private number(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail(`bad number: expected a digit after '-'`);
    const after = this.text[this.pos + match[0].length];
    if (match[1] === '0' && after !== undefined && after >= '0' && after <= '9') {
      this.fail('bad number: leading zeros are not allowed');
    }
    if (after === '.' || after === 'e' || after === 'E') {
      this.pos += match[0].length;
      this.fail(`bad number: expected a digit after '${after}'`);
    }
    this.pos += match[0].length;
    return Number(match[0]);
  }

  describeHere(): string {
    if (this.atEnd()) return 'end of input';
    const code = this.text.codePointAt(this.pos) as number;
    return `character ${printable(String.fromCodePoint(code))}`;
  }

  private expected(what: string): never {
    if (this.atEnd()) this.fail(`unexpected end of input, expected ${what}`);
    return this.fail(`unexpected ${this.describeHere()}, expected ${what}`);
  }

  fail(reason: string): never {
    const { line, column } = lineAndColumn(this.text, this.pos);
    throw new JsonSyntaxError(`invalid JSON at line ${line}, column ${column}: ${reason}`);
  }
}

/** 1-based line and column of a position; columns count characters (code points), CRLF is one break. */
export function lineAndColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  let column = 1;
  for (let i = lineStart; i < pos && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) i++; // a surrogate pair is one character
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) continue;
    column++;
  }
  return { line, column };
}

function hexCode(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Shows a character in an error line without letting it act on the terminal. */
function printable(char: string): string {
  const code = char.codePointAt(0) as number;
  if (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    /[\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/u.test(char)
  ) {
    return hexCode(code);
  }
  return `'${char}'`;
}
