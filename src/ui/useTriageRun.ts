// Runs the triage engine for one alert and folds its events into state, throttled so 200 chunks/s stay calm.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Alert } from '../alerts/alert.js';
import { assertNever, type TriageEvent } from '../agent/events.js';
import { initialTriageState, reduceTriage, type TriageState } from '../session/triageState.js';
import type { TriageSession } from '../session/session.js';
import { errorMessage } from '../errors.js';

/** Finished things, in the order they finished: rendered once in <Static>, never changed. */
export type StaticItem =
  | { key: string; kind: 'alert'; alert: Alert }
  | { key: string; kind: 'call'; callId: string; index: number }
  | { key: string; kind: 'turn'; turn: number; text: string; model: string }
  | { key: string; kind: 'note'; tone: 'warn' | 'fail' | 'info'; text: string };

export interface TriageRun {
  state: TriageState;
  items: StaticItem[];
  running: boolean;
  cancelled: boolean;
  startedAt: number;
  cancel(): void;
}

const FLUSH_MS = 60;

export function useTriageRun(session: TriageSession, alert: Alert | undefined): TriageRun {
  const [state, setState] = useState<TriageState>(initialTriageState);
  const [items, setItems] = useState<StaticItem[]>([]);
  const [running, setRunning] = useState(false);
  const [cancelled, setCancelled] = useState(false);
  const [startedAt, setStartedAt] = useState(() => Date.now());
  const controller = useRef<AbortController | undefined>(undefined);

  useEffect(() => {
    if (!alert) return;
    const abort = new AbortController();
    controller.current = abort;
    let buffer: TriageEvent[] = [];
    let timer: NodeJS.Timeout | undefined;
    // The fold is kept outside React so static items can be derived in event order.
    let folded = initialTriageState;
    let openTurn: number | undefined;
    let notes = 0;
    const closeTurn = (next: StaticItem[]) => {
      if (openTurn === undefined) return;
      const turn = folded.turns.find((t) => t.turn === openTurn);
      // A structured answer (the recommendation as JSON) is shown as the card, not as text.
      if (turn && turn.text.trim() && !isJson(turn.text)) {
        next.push({
          key: `turn-${turn.turn}`,
          kind: 'turn',
          turn: turn.turn,
          text: turn.text.trim(),
          model: turn.model,
        });
      }
      openTurn = undefined;
    };
    const flush = () => {
      timer = undefined;
      if (buffer.length === 0) return;
      const events = buffer;
      buffer = [];
      const added: StaticItem[] = [];
      const note = (tone: 'warn' | 'fail', text: string) =>
        added.push({ key: `note-${notes++}`, kind: 'note', tone, text });
      for (const event of events) {
        folded = reduceTriage(folded, event);
        switch (event.type) {
          case 'alert_loaded':
            added.push({ key: 'alert', kind: 'alert', alert: event.alert });
            break;
          case 'model_request':
            closeTurn(added);
            openTurn = event.turn;
            break;
          case 'tool_call_finished': {
            const index = folded.toolCalls.findIndex((c) => c.id === event.id);
            added.push({ key: `call-${event.id}`, kind: 'call', callId: event.id, index });
            break;
          }
          case 'recommendation':
          case 'done':
            closeTurn(added);
            break;
          case 'fallback':
            note('warn', `model not used: ${event.reason}`);
            break;
          case 'warning':
            note('warn', event.message);
            break;
          case 'error':
            note('fail', event.message);
            break;
          // Still running: shown in the live region, not yet finished history.
          case 'evidence_planned':
          case 'tool_call_started':
          case 'model_text':
          case 'model_tool_call':
            break;
          default:
            assertNever(event);
        }
      }
      const snapshot = folded;
      setState(snapshot);
      if (added.length > 0) setItems((prev) => [...prev, ...added]);
    };
    setState(initialTriageState);
    setItems([]);
    setCancelled(false);
    setRunning(true);
    setStartedAt(Date.now());
    void (async () => {
      try {
        for await (const event of session.triage(alert, abort.signal)) {
          buffer.push(event);
          timer ??= setTimeout(flush, FLUSH_MS);
        }
      } catch (error) {
        buffer.push({ type: 'error', message: errorMessage(error) });
      } finally {
        if (timer) clearTimeout(timer);
        flush();
        setRunning(false);
      }
    })();
    return () => {
      abort.abort();
      if (timer) clearTimeout(timer);
    };
  }, [session, alert]);

  const cancel = useCallback(() => {
    controller.current?.abort();
    setCancelled(true);
  }, []);

  return { state, items, running, cancelled, startedAt, cancel };
}

function isJson(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return false;
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    return false;
  }
}
