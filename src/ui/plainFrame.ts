// The triage screen's first frame in plain ANSI, written before Ink loads (Ink alone takes about 0.6 s to import),
// so the alert is on screen at once. Ink erases it when it mounts and draws the same header in its place.
import type { Alert } from '../alerts/alert.js';
import { sortForOnCall } from '../alerts/alertTable.js';
import { alertHeadlineDetail, alertListLine, truncate } from '../output/format.js';
import { themeFromEnv, type Theme } from './palette.js';

export type PlainFrameContent = { alert: Alert } | { alerts: Alert[]; source: string };

export interface PlainFrame {
  /** Clears the frame for Ink, which keeps the terminal in raw mode and reads the keys typed meanwhile. */
  handOver(): void;
  /** Clears the frame and gives the terminal its input mode back (nothing will be drawn after it). */
  erase(): void;
}

const SGR: Record<string, number> = {
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  cyan: 36,
  gray: 90,
  redBright: 91,
};

function paint(theme: Theme, text: string, color: string | undefined, bold = false): string {
  if (!theme.color) return text;
  const codes = [bold ? 1 : undefined, color ? SGR[color] : undefined].filter((c) => c !== undefined);
  return codes.length > 0 ? `\u001b[${codes.join(';')}m${text}\u001b[0m` : text;
}

/** The frame's lines, each shorter than the terminal is wide so none wraps and the erase count stays exact. */
export function plainFrameLines(
  content: PlainFrameContent,
  width: number,
  rows: number,
  theme: Theme,
): string[] {
  const room = Math.max(10, width - 1);
  const muted = theme.tone('muted');
  const loading = paint(theme, 'loading…', muted);
  if ('alert' in content) {
    const { alert } = content;
    const severity = truncate(alert.severity.toUpperCase(), Math.floor(room / 2));
    const name = truncate(alert.name, Math.max(1, room - severity.length - 1));
    const detailRoom = room - severity.length - 1 - name.length;
    const detail = detailRoom > 3 ? truncate(alertHeadlineDetail(alert), detailRoom) : '';
    const headline = `${paint(theme, severity, theme.severity(alert.severity), true)} ${paint(theme, name, undefined, true)}${detail}`;
    const summary = alert.summary ? [paint(theme, truncate(alert.summary, room), muted)] : [];
    return [headline, ...summary, '', loading];
  }
  const title = `${paint(theme, 'Firing alerts', undefined, true)} ${paint(theme, truncate(`from ${content.source}`, room - 14), muted)}`;
  // In the picker's order, so Ink's first frame does not reshuffle the rows under the engineer's eyes.
  const shown = sortForOnCall(content.alerts)
    .slice(0, Math.max(0, rows - 4))
    .map((alert) => {
      const severity = paint(theme, alert.severity.slice(0, 4).padEnd(4), theme.severity(alert.severity));
      return `  ${severity} ${truncate(alertListLine(alert), Math.max(10, room - 8))}`;
    });
  return [title, ...shown, loading];
}

export function drawPlainFrame(
  content: PlainFrameContent,
  { stdout = process.stdout, stdin = process.stdin, theme = themeFromEnv() }: PlainFrameTerminal = {},
): PlainFrame {
  // Keys pressed while Ink loads must not echo into the frame (the erase would miss lines); they wait, unread, for
  // Ink, which reads them once it mounts.
  const holdInput = Boolean(stdin.isTTY) && !stdin.isRaw;
  if (holdInput) stdin.setRawMode(true);
  const lines = plainFrameLines(content, stdout.columns || 80, stdout.rows || 24, theme);
  stdout.write(`${lines.join('\n')}\n`);
  let drawn = lines.length;
  let holding = holdInput;
  const clear = () => {
    if (drawn > 0) stdout.write(`\u001b[${drawn}A\r\u001b[J`);
    drawn = 0;
  };
  return {
    handOver() {
      clear();
      holding = false;
    },
    erase() {
      clear();
      if (holding) stdin.setRawMode(false);
      holding = false;
    },
  };
}

export interface PlainFrameTerminal {
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  theme?: Theme;
}
