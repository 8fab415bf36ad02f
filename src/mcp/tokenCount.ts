// Token counts in linear time. The BPE encoder is quadratic in the length of one pre-token, so a long run of
// one character (an annotation of 100 KiB of "a" took 35 s) is counted in short pieces: words stay whole, runs
// of one kind of character are cut every RUN characters, and text is encoded a CHUNK at a time.
import { encode } from 'gpt-tokenizer';

const RUN = 48;
const CHUNK = 2048;

const isSpace = (code: number): boolean =>
  code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x2028 || code === 0x2029;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** Where to cut `text` so that no piece is long for the encoder; cuts fall before whitespace when possible. */
function* pieces(text: string): Generator<string> {
  let start = 0;
  let run = 0;
  let previousSpace = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = isSpace(code);
    run = i > start && space === previousSpace ? run + 1 : 1;
    previousSpace = space;
    if (isLowSurrogate(code)) continue;
    // A word boundary past CHUNK, or a run of one kind of character past RUN: cut before this character.
    if ((i - start >= CHUNK && space && run === 1) || run > RUN) {
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
