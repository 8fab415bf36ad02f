// The editing rules of a one-line text field, as a pure function: a cursor, ←/→, Home/End (Ctrl+A/E),
// Backspace, Ctrl+U (to start) and Ctrl+W (word), and key bursts that arrive as one chunk ("\x7f\x7f\x7f").
import type { Key } from 'ink';

export interface Line {
  text: string;
  /** Cursor position: characters before it. */
  cursor: number;
}

export type LineEdit = { line: Line; submit?: false } | { line: Line; submit: true };

const BACKSPACE = new Set(['\x7f', '\b']);

/** C0 and C1 control characters (and DEL). */
const isControl = (char: string): boolean => {
  const code = char.charCodeAt(0);
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
};

function insert(line: Line, chunk: string): Line {
  return {
    text: line.text.slice(0, line.cursor) + chunk + line.text.slice(line.cursor),
    cursor: line.cursor + chunk.length,
  };
}

function deleteBack(line: Line, count = 1): Line {
  const from = Math.max(0, line.cursor - count);
  return { text: line.text.slice(0, from) + line.text.slice(line.cursor), cursor: from };
}

/** Ctrl+W: back over spaces, then over the word before the cursor. */
function deleteWord(line: Line): Line {
  const before = line.text.slice(0, line.cursor);
  const kept = before.replace(/\S*\s*$/, '');
  return deleteBack(line, before.length - kept.length);
}

/** Applies one keypress (or a burst of them) to the line. */
export function editLine(line: Line, input: string, key: Partial<Key>): LineEdit {
  if (key.leftArrow) return { line: { ...line, cursor: Math.max(0, line.cursor - 1) } };
  if (key.rightArrow) return { line: { ...line, cursor: Math.min(line.text.length, line.cursor + 1) } };
  if (key.ctrl) {
    switch (input) {
      case 'u':
        return { line: deleteBack(line, line.cursor) };
      case 'w':
        return { line: deleteWord(line) };
      case 'a':
        return { line: { ...line, cursor: 0 } };
      case 'e':
        return { line: { ...line, cursor: line.text.length } };
      case 'h':
        return { line: deleteBack(line) };
      default:
        return { line };
    }
  }
  if (key.backspace || key.delete) {
    // Ink reports a burst of Backspaces as one key with the DEL characters as its input.
    const count = [...input].filter((c) => BACKSPACE.has(c)).length;
    return { line: deleteBack(line, Math.max(1, count)) };
  }
  if (key.meta || key.upArrow || key.downArrow || key.tab || key.escape) return { line };
  let next = line;
  for (const char of input) {
    if (char === '\r' || char === '\n') return { line: next, submit: true };
    if (BACKSPACE.has(char)) next = deleteBack(next);
    // Other control characters (escape sequences' remnants, NUL, bell) never become part of the text.
    else if (!isControl(char)) next = insert(next, char);
  }
  return { line: next };
}
