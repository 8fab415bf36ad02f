// The terminal choke point on an escape corpus (48 sequences: CSI, OSC title/clipboard/hyperlinks, DCS, 8-bit
// C1, bidi, zero-width, overwrite tricks): nothing a terminal could act on or hide comes out raw, and nothing
// is dropped — every character is either kept or shown as a visible escape.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { safeForTerminal } from '../../src/terminal.js';

const corpus = JSON.parse(
  readFileSync(new URL('../fixtures/terminal/escapes.json', import.meta.url), 'utf8'),
) as Array<{ name: string; text: string }>;

/** What a terminal acts on or hides, whatever the sink: controls but \t and \n, format characters, separators. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/** The inverse of the escaping, to show nothing was dropped. */
const unescape = (text: string) =>
  text.replace(/\\u\{([0-9a-f]+)\}/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));

describe('safeForTerminal', () => {
  it('has a corpus of at least 30 sequences', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
  });

  it.each(corpus.map((entry) => [entry.name, entry.text]))('%s: nothing raw, nothing dropped', (_, text) => {
    const shown = safeForTerminal(text);
    expect(RAW.test(shown)).toBe(false);
    for (const raw of ['\r', '\n', '\u001b', '\u009b']) expect(shown).not.toContain(raw);
    expect(unescape(shown)).toBe(text);
    expect(shown).toMatch(/\\u\{[0-9a-f]+\}/);
  });

  it('shows ESC, the 8-bit CSI and bidi overrides in a readable notation', () => {
    expect(safeForTerminal('\u001b[2J')).toBe('\\u{1b}[2J');
    expect(safeForTerminal('\u009b31m')).toBe('\\u{9b}31m');
    expect(safeForTerminal('webapp-\u202e321')).toBe('webapp-\\u{202e}321');
    expect(safeForTerminal('ERROR\rOK')).toBe('ERROR\\u{d}OK');
  });

  it('keeps ordinary text, tabs, and line feeds where the sink allows them', () => {
    const text = 'café 🔥 Größe 日本語 ✓ — "quotes" \\ back\tslash';
    expect(safeForTerminal(text)).toBe(text);
    expect(safeForTerminal('a\nb')).toBe('a\\u{a}b');
    expect(safeForTerminal('a\nb', { newlines: true })).toBe('a\nb');
    expect(safeForTerminal('a\tb', { tabs: false })).toBe('a\\u{9}b');
  });

  it('never lets a raw control or invisible character through, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const shown = safeForTerminal(text, { newlines: true });
        expect(RAW.test(shown)).toBe(false);
        if (!text.includes('\\u{')) expect(unescape(shown)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
