// The one choke point between untrusted text (alerts, events, logs, model output) and a terminal: every
// character a terminal could act on or hide is shown as a visible escape, never passed raw, never dropped.

export interface TerminalTextOptions {
  /** Keep line feeds, for sinks that print several lines (a report, a log excerpt); default false. */
  newlines?: boolean;
  /** Keep tabs (default true); a table cell escapes them so columns stay aligned. */
  tabs?: boolean;
}

/**
 * Control characters (C0, DEL, C1: ESC starts every CSI, OSC — title, clipboard OSC 52, hyperlinks OSC 8 — and
 * DCS sequence; U+009B is the 8-bit CSI; BEL, backspace and carriage return overwrite), format characters
 * (bidi overrides and isolates, zero-width space/joiners, BOM, invisible tag characters), line and paragraph
 * separators, and lone surrogates.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;

/** `\u{1b}`: the notation `kopilot alerts` has always shown. */
const visible = (char: string): string => `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}`;

/** `text` with everything a terminal could act on or hide shown escaped (ESC as `\u{1b}`, RLO as `\u{202e}`). */
export function safeForTerminal(text: string, options: TerminalTextOptions = {}): string {
  const keepNewlines = options.newlines ?? false;
  const keepTabs = options.tabs ?? true;
  return text.replace(UNSAFE, (char) =>
    (char === '\n' && keepNewlines) || (char === '\t' && keepTabs) ? char : visible(char),
  );
}
