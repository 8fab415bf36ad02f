// Log redaction that knows lines belong together: a PEM private key printed over many lines is hidden from its
// BEGIN line to its END line, also when the excerpt starts inside the block or the text arrives in chunks.
import { REDACTED, redactText } from './redactText.js';

const BEGIN = /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----/;
const END = /-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
/** What a line inside a key block looks like: base64 (after any log prefix), a PEM header, already hidden, or blank. */
function isInsideKey(line: string): boolean {
  if (/^\s*$|\[REDACTED\]\s*$|^\s*(?:Proc-Type|DEK-Info|Comment|Version):/.test(line)) return true;
  const run = /(?:^|\s)([A-Za-z0-9+/]{4,}={0,2})\s*$/.exec(line)?.[1];
  if (!run || line.trim().split(/\s+/).length > 4) return false;
  return run.length >= 16 || run.endsWith('=') || (/\d/.test(run) && /[A-Z]/.test(run));
}
/** A key block longer than this is not a key: stop hiding lines. */
const MAX_BLOCK_LINES = 200;

/** Redacts log lines one at a time, remembering whether the previous line opened a key block. */
export class LogRedactor {
  private insideFor = -1;

  /** `redactLine` hides what one line holds on its own. */
  constructor(private readonly redactLine: (line: string) => string = redactText) {}

  private partial = '';

  /** True while the lines seen so far opened a key block that has not ended. */
  get insideKey(): boolean {
    return this.insideFor >= 0;
  }

  /** One whole line in, the line as it may be shown out. */
  line(text: string): string {
    if (this.insideFor >= 0) {
      if (END.test(text)) {
        this.insideFor = -1;
        return this.redactLine(text.slice(text.search(END)));
      }
      if (isInsideKey(text) && this.insideFor < MAX_BLOCK_LINES) {
        this.insideFor++;
        return REDACTED;
      }
      this.insideFor = -1;
    }
    const begin = BEGIN.exec(text);
    if (begin && !END.test(text.slice(begin.index))) this.insideFor = 0;
    return this.redactLine(text);
  }

  /** A chunk of a log stream in, the redacted whole lines it completed out (the rest waits for the next chunk). */
  write(chunk: string): string {
    const text = this.partial + chunk;
    const cut = text.lastIndexOf('\n');
    if (cut < 0) {
      this.partial = text;
      return '';
    }
    this.partial = text.slice(cut + 1);
    return `${text
      .slice(0, cut)
      .split('\n')
      .map((l) => this.line(l))
      .join('\n')}\n`;
  }

  /** The last line of the stream when it did not end with a newline. */
  end(): string {
    const rest = this.partial;
    this.partial = '';
    return rest ? this.line(rest) : '';
  }
}

/**
 * Log lines as they may be shown. Besides what each line holds, hides every line of a PEM key block, and when the
 * excerpt begins inside a block (its END line is there, its BEGIN was cut off) the key lines above the END line.
 */
export function redactLines(
  lines: readonly string[],
  redactLine: (line: string) => string = redactText,
): string[] {
  const redactor = new LogRedactor(redactLine);
  const out: string[] = [];
  for (const [i, line] of lines.entries()) {
    if (END.test(line) && !redactor.insideKey && !BEGIN.test(line)) {
      for (let j = i - 1; j >= 0 && /\S/.test(lines[j] as string) && isInsideKey(lines[j] as string); j--) {
        out[j] = REDACTED;
      }
    }
    out.push(redactor.line(line));
  }
  return out;
}
