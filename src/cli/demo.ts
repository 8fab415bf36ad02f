// `kopilot demo`: one command, no setup — the embedded sandbox with the design's webapp incident, triaged end to end.
import type { Command } from 'commander';
import type { Alert } from '../alerts/alert.js';
import { staticAlertSource } from '../alerts/alertSource.js';
import { parseAlerts } from '../alerts/parse.js';
import type { Settings } from '../config/settings.js';
import { RuntimeFailure } from '../errors.js';
import type { OutputFormat } from '../output/nonInteractive.js';
import { drawPlainFrame, type PlainFrame } from '../ui/plainFrame.js';
import { isInteractive, outputFormat, runTriageCommand, triageSettings, type TriageFlags } from './triage.js';

const DEMO_SCENARIO = 'webapp-memory';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run a full triage on the embedded sandbox (the webapp memory incident)')
    .option('--model <name>', 'Ollama model (the rule-based fallback is used when Ollama does not answer)')
    .option('--ollama-host <url>', 'Ollama server (default $OLLAMA_HOST or http://127.0.0.1:11434)')
    .option('--no-model', 'no model: evidence and rule-based recommendation only')
    .option('--non-interactive', 'no TUI: progress to stderr, result to stdout, never executes')
    .option('-o, --output <format>', 'non-interactive result: text, json, or ndjson')
    .option('--report <file>', 'write the whole triage as Markdown')
    .action(async (flags: TriageFlags) => {
      const format = outputFormat(flags.output);
      const interactive = isInteractive(flags);
      const settings = triageSettings(flags);
      // Loading the scenario and starting the API server takes most of a second: say so at once, and in a terminal
      // show the alert (read from the scenario's alert files alone) while the cluster loads.
      process.stderr.write(
        `kopilot demo: starting the embedded sandbox cluster (scenario ${DEMO_SCENARIO})…\n`,
      );
      const plainFrame = interactive ? await demoFrame() : undefined;
      try {
        await runDemo(flags, { format, interactive, settings, plainFrame });
      } finally {
        plainFrame?.erase();
      }
    });
}

/** The plain first frame: the demo's alert, from its alert files, before the cluster's manifests are read. */
async function demoFrame(): Promise<PlainFrame | undefined> {
  const { loadScenarioAlerts } = await import('../sandbox/scenarios/scenarioFolder.js');
  const alert = demoAlert(scenarioAlerts(await loadScenarioAlerts(DEMO_SCENARIO)));
  return alert ? drawPlainFrame({ alert }) : undefined;
}

/** A scenario's alert files as alerts. */
function scenarioAlerts(files: Array<{ file: string; json: unknown }>): Alert[] {
  return files.flatMap((file) => {
    const parsed = parseAlerts(JSON.stringify(file.json), { source: file.file });
    return parsed.ok ? parsed.alerts : [];
  });
}

/** The one the demo triages: HighMemoryUsage. */
function demoAlert(alerts: Alert[]): Alert | undefined {
  return alerts.find((a) => a.name === 'HighMemoryUsage') ?? alerts[0];
}

async function runDemo(
  flags: TriageFlags,
  mode: { format: OutputFormat; interactive: boolean; settings: Settings; plainFrame?: PlainFrame },
): Promise<void> {
  const { format, interactive, settings, plainFrame } = mode;
  const { startSandbox } = await import('../sandbox/index.js');
  const sandbox = await startSandbox({ scenario: DEMO_SCENARIO });
  try {
    const alerts = scenarioAlerts(sandbox.scenario.alerts);
    const alert = demoAlert(alerts);
    if (!alert) throw new RuntimeFailure(`the ${DEMO_SCENARIO} scenario ships no alert`);
    // On a terminal this line would land inside the plain frame; there the footer names the context instead.
    if (!plainFrame) {
      process.stderr.write(
        `kopilot demo: sandbox cluster "${sandbox.scenario.title}" at ${sandbox.url}; triaging ${alert.name} on ${alert.target.namespace}/${alert.target.name}\n`,
      );
    }
    const code = await runTriageCommand({
      alerts: [alert],
      interactive,
      format,
      reportPath: flags.report,
      howToAct: 'kopilot demo (in a terminal)',
      settings: () => settings,
      plainFrame,
      session: {
        kubeconfig: sandbox.kubeconfigPath,
        noModel: flags.model === false,
        alertSourceName: `scenario ${DEMO_SCENARIO}`,
        alerts: staticAlertSource(alerts),
        env: {},
        // The sandbox's clock moves with each look, so the rollout is watched in seconds, not minutes.
        verify: {
          intervalMs: 2000,
          sleep: (ms, signal) =>
            new Promise((resolve) => {
              if (signal?.aborted) return resolve();
              sandbox.clock.advance(ms);
              setTimeout(resolve, 300);
            }),
        },
      },
    });
    if (code !== 0) throw new RuntimeFailure('the demo triage ended without a usable result (see above)');
  } finally {
    await sandbox.close();
  }
}
