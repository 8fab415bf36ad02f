// Mounts the interactive triage on the terminal (only ever called with a TTY) and resolves with what happened.
import { render } from 'ink';
import type { Alert } from '../alerts/alert.js';
import type { TriageSession } from '../session/session.js';
import type { PlainFrame } from './plainFrame.js';
import { TriageApp, type TriageResult } from './TriageApp.js';
import { ThemeContext, themeFromEnv } from './theme.js';

export interface TriageUiOptions {
  session: TriageSession;
  alerts?: Alert[];
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** The plain first frame already on screen: Ink draws in its place. */
  plainFrame?: PlainFrame;
}

const BRACKETED_PASTE_ON = '\u001b[?2004h';
const BRACKETED_PASTE_OFF = '\u001b[?2004l';

export async function runTriageUi({
  session,
  alerts,
  stdout = process.stdout,
  stdin = process.stdin,
  plainFrame,
}: TriageUiOptions) {
  let result: TriageResult | undefined;
  // Pasted alert JSON arrives as one chunk between markers instead of keystrokes that could trigger keys.
  if (!alerts) stdout.write(BRACKETED_PASTE_ON);
  plainFrame?.handOver();
  const instance = render(
    <ThemeContext.Provider value={themeFromEnv()}>
      <TriageApp session={session} alerts={alerts} onExit={(r) => (result = r)} />
    </ThemeContext.Provider>,
    { stdout, stdin, exitOnCtrlC: false, patchConsole: true, maxFps: 20 },
  );
  try {
    await instance.waitUntilExit();
  } finally {
    if (!alerts) stdout.write(BRACKETED_PASTE_OFF);
  }
  return result;
}
