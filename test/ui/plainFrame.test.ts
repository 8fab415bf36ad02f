// The plain first frame drawn before Ink loads: what it shows, that no line wraps, and that it erases exactly itself.
import { describe, expect, it } from 'vitest';
import { drawPlainFrame, plainFrameLines } from '../../src/ui/plainFrame.js';
import { createTheme } from '../../src/ui/palette.js';
import { alertNamed, highMemoryAlert } from './fixtures.js';

const plain = createTheme(false);
const coloured = createTheme(true);
// eslint-disable-next-line no-control-regex -- stripping the frame's own colour codes
const stripSgr = (line: string) => line.replace(/\u001b\[[0-9;]*m/g, '');

/** A terminal that records what is written to it and the input modes it is put in. */
function fakeTerminal(columns: number, rows = 30) {
  const written: string[] = [];
  const modes: boolean[] = [];
  const stdout = { columns, rows, write: (text: string) => written.push(text) > 0 };
  const stdin = { isTTY: true, isRaw: false, setRawMode: (raw: boolean) => modes.push(raw) };
  return {
    terminal: {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      theme: plain,
    },
    written,
    modes,
  };
}

describe('plain first frame', () => {
  it('shows the alert header the TUI draws: severity, name, target, age and summary', () => {
    const lines = plainFrameLines({ alert: highMemoryAlert() }, 100, 30, plain);
    expect(lines).toEqual([
      'WARNING HighMemoryUsage · production/Pod webapp-123 · 12m ago',
      'Pod webapp-123 is using 95% of its memory limit',
      '',
      'loading…',
    ]);
  });

  it('keeps every line narrower than a 30-column terminal, so the erase count stays exact', () => {
    const alert = alertNamed(
      'KubePodCrashLoopingForAVeryLongTime',
      'critical',
      'payments-api-7d9f8c6b5-x2x9q',
      'x'.repeat(300),
    );
    for (const lines of [
      plainFrameLines({ alert }, 30, 30, plain),
      plainFrameLines(
        { alerts: [alert, highMemoryAlert()], source: `/very/long/path/${'a'.repeat(80)}.json` },
        30,
        30,
        plain,
      ),
    ]) {
      for (const line of lines) expect(line.length).toBeLessThan(30);
    }
  });

  it('colours the severity unless NO_COLOR, and the words stay the same', () => {
    const [headline] = plainFrameLines(
      { alert: alertNamed('NodeDown', 'critical', 'p', 's') },
      80,
      30,
      coloured,
    );
    expect(headline).toContain('\u001b[1;31mCRITICAL\u001b[0m');
    expect(stripSgr(headline ?? '')).toBe(
      plainFrameLines({ alert: alertNamed('NodeDown', 'critical', 'p', 's') }, 80, 30, plain)[0],
    );
  });

  it('lists several alerts under the source, as many as the terminal has rows for', () => {
    const alerts = Array.from({ length: 40 }, (_, i) =>
      alertNamed(`Alert${i}`, 'warning', `pod-${i}`, 'summary'),
    );
    const lines = plainFrameLines({ alerts, source: 'alerts.json' }, 80, 12, plain);
    expect(lines[0]).toBe('Firing alerts from alerts.json');
    expect(lines[1]).toBe('  warn Alert0 · production/Pod pod-0 · 5m · summary');
    expect(lines).toHaveLength(12 - 4 + 2);
  });

  it('erases exactly the lines it drew, once', () => {
    const { terminal, written } = fakeTerminal(80);
    const frame = drawPlainFrame({ alert: highMemoryAlert() }, terminal);
    expect(written[0]?.split('\n')).toHaveLength(5);
    frame.erase();
    frame.erase();
    expect(written.slice(1)).toEqual(['\u001b[4A\r\u001b[J']);
  });

  it('keeps keys typed while Ink loads from echoing into the frame, and gives the terminal back on erase', () => {
    const { terminal, modes } = fakeTerminal(80);
    const frame = drawPlainFrame({ alert: highMemoryAlert() }, terminal);
    expect(modes).toEqual([true]);
    frame.erase();
    frame.erase();
    expect(modes).toEqual([true, false]);
  });

  it('hands the terminal to Ink still in raw mode, so no key typed in between echoes', () => {
    const { terminal, written, modes } = fakeTerminal(80);
    const frame = drawPlainFrame({ alert: highMemoryAlert() }, terminal);
    frame.handOver();
    frame.erase();
    expect(written.slice(1)).toEqual(['\u001b[4A\r\u001b[J']);
    expect(modes).toEqual([true]);
  });
});
