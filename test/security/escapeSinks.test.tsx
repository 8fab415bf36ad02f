// Issue 20 acceptance: the escape corpus planted where real alerts and clusters carry it (alert labels and
// annotations, a pod annotation, Event reasons and messages, a log, the model's own words); no raw sequence reaches
// the TUI, the plain progress and result, the --report file or the `kopilot audit` table.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TriageApp, type TriageResult } from '../../src/ui/TriageApp.js';
import { createTheme, ThemeContext } from '../../src/ui/theme.js';
import { corpusManifests, type CanaryShape } from '../fixtures/canaries/corpus.js';
import { runKopilot } from '../helpers/runKopilot.js';
import type { OllamaScript } from '../helpers/scriptedOllama.js';
import { startFlow, type FlowRig } from '../ui/flowRig.js';
import { waitForFrame } from '../ui/fixtures.js';
import { PLANTED_DEPLOYMENT, PLANTED_POD, writePlantedScenario } from './plantedScenario.js';

const escapes = JSON.parse(
  readFileSync(new URL('../fixtures/terminal/escapes.json', import.meta.url), 'utf8'),
) as Array<{ name: string; text: string }>;

/**
 * What a terminal acts on or hides: C0 controls but tab and line feed (ESC, BEL, backspace, CR), DEL and C1
 * (incl. the 8-bit CSI U+009B), format characters (bidi overrides and isolates, zero-width, BOM, tags), line and
 * paragraph separators, lone surrogates.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/** Each raw character found, with a little context, for a readable failure. */
function rawIn(text: string): string[] {
  return [...text.matchAll(RAW)].map(
    (m) =>
      `U+${(m[0].codePointAt(0) ?? 0).toString(16).padStart(4, '0')} in ${JSON.stringify(text.slice(Math.max(0, m.index - 30), m.index + 10))}`,
  );
}

const NS = 'shop';
const all = escapes.map((e) => e.text);
const joined = all.join(' ');

/** The sequences as cluster data: a pod annotation each, an Event each (in its reason and its message), a log line each. */
const planted: CanaryShape[] = [
  { shape: 'a container', where: 'arg', args: ['--serve'], canary: 'none' },
  // The pod template's restartedAt is what a restart's plan shows as "before": cluster text in the diff and the audit.
  {
    shape: 'restartedAt',
    where: 'annotation',
    key: 'kubectl.kubernetes.io/restartedAt',
    value: joined,
    canary: 'none',
  },
  ...escapes.flatMap((e, i): CanaryShape[] => [
    { shape: e.name, where: 'annotation', key: `notes.example.com/e${i}`, value: e.text, canary: 'none' },
    {
      shape: e.name,
      where: 'event',
      reason: `BackOff${e.text}`,
      message: `container c0: ${e.text}`,
      canary: 'none',
    },
    {
      shape: e.name,
      where: 'log',
      lines: [`2025-06-12T14:2${i % 10}:00.000Z ERROR ${e.text}`],
      canary: 'none',
    },
  ]),
];

/** Every sequence in the alert's labels and annotations; the summary and description hold them all. */
const hostileAlert = {
  labels: {
    alertname: `KubePodCrashLooping${all[9] as string}`,
    container: 'c0',
    ...Object.fromEntries(all.map((text, i) => [`detail_${i}`, text])),
  },
  annotations: {
    summary: `Pod ${NS}/${PLANTED_POD} is crash looping ${joined}`,
    description: all.join('\n'),
    ...Object.fromEntries(all.map((text, i) => [`e${i}`, text])),
  },
};
/** A second alert for the picker, its name made of sequences. */
const pickerAlert = {
  labels: { alertname: `Picker${all.slice(0, 12).join('')}`, severity: 'critical' },
  annotations: { summary: joined },
};

const pod = { namespace: NS, pod_name: PLANTED_POD };
const script: OllamaScript = {
  turns: [
    { content: `Looking at the pod. ${joined}`, toolCalls: [{ name: 'get_pod_status', arguments: pod }] },
    { content: all.slice(0, 20).join(''), toolCalls: [{ name: 'get_events', arguments: { namespace: NS } }] },
    // A tool call's arguments are recorded in the audit log: the model's hostile text reaches it there.
    {
      toolCalls: [
        {
          name: 'get_pod_logs',
          arguments: { ...pod, container: 'c0', tail: 200, grep: `ERROR|${all[11] as string}` },
        },
      ],
    },
    {
      json: {
        action: 'restart_workload',
        target: { kind: 'Deployment', namespace: NS, name: PLANTED_DEPLOYMENT },
        parameters: {},
        confidence: 0.6,
        reasoning: `${PLANTED_POD} restarted 3 times. ${joined}`,
        evidence: all.map((text) => `${PLANTED_POD} restarts: 3 ${text}`),
        alternatives: [{ action: 'escalate', why_not: joined }],
      },
    },
  ],
  whenExhausted: 'repeat_last',
};

describe(
  'the escape corpus planted in alerts, the cluster and the model reaches no terminal sink raw',
  { timeout: 300_000 },
  () => {
    let rig: FlowRig;
    let alertFile: string;
    let work: string;
    let env: Record<string, string>;

    beforeAll(async () => {
      const folder = await writePlantedScenario(
        corpusManifests(NS, planted),
        [hostileAlert, pickerAlert],
        NS,
      );
      alertFile = join(folder.dir, folder.alertFiles[0] as string);
      rig = await startFlow({ scenario: folder.dir, script });
      work = mkdtempSync(join(tmpdir(), 'kopilot-escape-sinks-'));
      env = { XDG_STATE_HOME: work, KOPILOT_CONFIG_DIR: work, KOPILOT_AUDIT_LOG: rig.auditLog.path, CI: '' };
    });
    afterAll(() => rig?.close());

    it('plants every sequence raw: in the alert, a pod annotation, Events and the log', () => {
      expect(escapes.length).toBeGreaterThanOrEqual(48);
      const cluster = JSON.stringify([
        rig.sandbox.store.get('core/pods', NS, PLANTED_POD),
        rig.sandbox.store.list('core/events', NS),
      ]);
      const log = rig.sandbox.scenario.logs.map((l) => l.text).join('\n');
      const alert = JSON.stringify(rig.alerts[0]);
      for (const { text } of escapes) {
        // Lone surrogates cannot be written to a UTF-8 file; every other sequence arrives as it was planted.
        if (/[\ud800-\udfff]/u.test(text)) continue;
        const json = JSON.stringify(text).slice(1, -1);
        expect(cluster).toContain(json);
        expect(alert).toContain(json);
        expect(log).toContain(text);
      }
    });

    it('the TUI, without colour: no raw sequence in any frame from the picker to the verified restart', async () => {
      const onExit = vi.fn<(result: TriageResult) => void>();
      const ui = render(
        <ThemeContext.Provider value={createTheme(false)}>
          <TriageApp session={rig.session} alerts={rig.alerts} onExit={onExit} />
        </ThemeContext.Provider>,
      );
      const screen = () => ui.lastFrame() ?? '';
      const picker = await waitForFrame(screen, (f) => f.includes('Picker'), 30_000);
      expect(picker).toContain('\\u{1b}');
      ui.stdin.write('\r');
      const card = await waitForFrame(
        screen,
        (f) => f.includes('[a] approve') && f.includes('dry-run: ✓'),
        90_000,
      );
      expect(card).toContain('restart_workload');
      expect(card).toContain('\\u{1b}');
      ui.stdin.write('a');
      // A restart of a single-replica Deployment is destructive: the engineer types its name.
      await waitForFrame(screen, (f) => f.includes(`Type ${PLANTED_DEPLOYMENT} to approve`), 20_000);
      ui.stdin.write(PLANTED_DEPLOYMENT);
      await new Promise((resolve) => setTimeout(resolve, 100));
      ui.stdin.write('\r');
      await waitForFrame(screen, (f) => f.includes('✓ verified'), 90_000);
      ui.stdin.write('q');
      await vi.waitFor(() => expect(onExit).toHaveBeenCalledTimes(1), { timeout: 20_000 });
      ui.unmount();
      // The model saw the alert, and tools ran on the planted pod.
      expect(rig.ollama?.chatRequests().length).toBeGreaterThanOrEqual(4);
      const found = ui.frames.flatMap((frame, i) => rawIn(frame).map((raw) => `frame ${i}: ${raw}`));
      expect(found.slice(0, 20)).toEqual([]);
    });

    it('kopilot triage -o text with the model and --report: no raw sequence in stderr, stdout or the report', async () => {
      const report = join(work, 'triage.md');
      const run = await runKopilot(
        [
          'triage',
          '--alert',
          alertFile,
          '--kubeconfig',
          rig.sandbox.kubeconfigPath,
          '--ollama-host',
          rig.ollama?.url as string,
          '--model',
          'granite3.1-dense:8b',
          '-o',
          'text',
          '--report',
          report,
        ],
        { env, timeoutMs: 120_000 },
      );
      expect(run.stderr).toContain('get_pod_status');
      expect(run.stdout).toContain('restart_workload');
      const text = readFileSync(report, 'utf8');
      expect(text).toContain(PLANTED_POD);
      for (const [sink, out] of [
        ['stderr', run.stderr],
        ['stdout', run.stdout],
        ['report', text],
      ] as const) {
        expect(out, sink).toContain('\\u{1b}');
        expect(rawIn(out).slice(0, 20), sink).toEqual([]);
      }
    });

    it('kopilot audit (the table): no raw sequence from the plan, the decision or the tool calls', async () => {
      const records = await rig.auditLog.readAll();
      expect(records.map((r) => r.kind)).toContain('action_plan');
      expect(JSON.stringify(records)).toMatch(/\\u001b/);
      const table = await runKopilot(['audit'], { env, timeoutMs: 60_000 });
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toContain('restart_workload');
      expect(table.stdout).toContain('\\u{1b}');
      expect(rawIn(table.stdout + table.stderr).slice(0, 20)).toEqual([]);
    });
  },
);
