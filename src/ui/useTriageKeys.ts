// The interactive triage's own keys: Ctrl+C cancels the running step then quits, ? keys, x tool results, q quit.
import { useInput, type Key } from 'ink';
import { useCallback, useState } from 'react';
import type { Phase } from './useDecisionFlow.js';
import { useLatest } from './useLatest.js';
import type { TriageRun } from './useTriageRun.js';

export interface TriageKeysInput {
  phase: Phase;
  run: TriageRun;
  /** A step is under way (triage, plan, execution) that Ctrl+C cancels before it quits. */
  busy: boolean;
  /** A text field has focus: every key but Ctrl+C belongs to it. */
  textFocused: boolean;
  calls: number;
  recommended: boolean;
  quit(): Promise<void>;
  cancelStep(): void;
  setNotice(notice: string | undefined): void;
}

export interface TriageKeys {
  help: boolean;
  /** The tool call whose whole result is shown, by index. */
  viewing?: number;
}

export function useTriageKeys(input: TriageKeysInput): TriageKeys {
  const [help, setHelp] = useState(false);
  const [quitArmed, setQuitArmed] = useState(false);
  const [viewing, setViewing] = useState<number | undefined>();
  const latest = useLatest({ ...input, quitArmed, help, viewing });
  const onKey = useCallback(
    (text: string, key: Key) => {
      const { quitArmed, busy, quit, run, textFocused, help, phase, calls, recommended, viewing } =
        latest.current;
      const { cancelStep, setNotice } = latest.current;
      if (key.ctrl && text === 'c') {
        if (quitArmed || !busy) {
          if (quitArmed) return void quit();
          latest.current.quitArmed = true;
          setQuitArmed(true);
          return setNotice('press Ctrl+C again to quit');
        }
        cancelStep();
        if (run.running) run.cancel();
        latest.current.quitArmed = true;
        setQuitArmed(true);
        return setNotice('cancelled — press Ctrl+C again to quit');
      }
      latest.current.quitArmed = false;
      setQuitArmed(false);
      if (textFocused || phase === 'paste') return;
      if (text === '?') return setHelp((h) => !h);
      if (help && key.escape) return setHelp(false);
      if (phase === 'triage' && calls > 0) {
        if (text === 'x') return setViewing((v) => (v === undefined ? calls - 1 : undefined));
        if (viewing !== undefined && key.escape) return setViewing(undefined);
        if (viewing !== undefined && (key.upArrow || key.downArrow)) {
          const next = viewing + (key.upArrow ? -1 : 1);
          return setViewing(Math.min(Math.max(next, 0), calls - 1));
        }
      }
      if (phase === 'triage' && !run.running && !recommended && text === 'q') return void quit();
    },
    [latest],
  );
  useInput(onKey);
  return { help, viewing };
}
