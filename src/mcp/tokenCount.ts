// Token counts in linear time. The BPE encoder is quadratic in the length of one pre-token, so a long run of
// one kind of character (an annotation of 100 KiB of "a" took 35 s) is counted in pieces: text is encoded a
// CHUNK at a time, cut before whitespace as the pre-tokenizer cuts, and a run of letters, digits, spaces or
// punctuation longer than RUN is cut. Ordinary text (words, JSON, logs) counts exactly as one encode would.
import { encode } from 'gpt-tokenizer';

const RUN = 64;
const CHUNK = 2048;

const enum Kind {
  Space,
  Letter,
  Digit,
  Other,
}

// Sticky, so a character is classified where it stands without slicing it out.
const LETTER = /[\p{L}\p{M}]/uy;
const DIGIT = /\p{N}/uy;
const SPACE = /\s/uy;

function at(pattern: RegExp, text: string, i: number): boolean {
  pattern.lastIndex = i;
  return pattern.test(text);
}

function kindOf(text: string, i: number): Kind {
  const code = text.charCodeAt(i);
  if (code < 128) {
    if (code === 32 || (code >= 9 && code <= 13)) return Kind.Space;
    if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return Kind.Letter;
    if (code >= 48 && code <= 57) return Kind.Digit;
    return Kind.Other;
  }
  if (at(LETTER, text, i)) return Kind.Letter;
  if (at(DIGIT, text, i)) return Kind.Digit;
  return at(SPACE, text, i) ? Kind.Space : Kind.Other;
}

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

function* pieces(text: string): Generator<string> {
  let start = 0;
  let run = 0;
  let previous = Kind.Space;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isLowSurrogate(code)) continue; // the second half of a character already looked at
    const kind = kindOf(text, i);
    run = i > start && kind === previous ? run + 1 : 1;
    previous = kind;
    // A word boundary past CHUNK, any boundary past 4 CHUNKs (text without spaces), or one run past RUN.
    const length = i - start;
    const boundary = run === 1 && (kind === Kind.Space || length >= 4 * CHUNK);
    if ((length >= CHUNK && boundary) || run > RUN) {
      yield text.slice(start, i);
      start = i;
      run = 1;
    }
  }
  if (start < text.length) yield text.slice(start);
}

export function countTokens(text: string): number {
  let total = 0;
  for (const piece of pieces(text)) total += encode(piece).length;
  return total;
}
