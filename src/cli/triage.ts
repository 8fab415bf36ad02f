// `kopilot triage`: the interactive TUI on a terminal; plain progress and a result everywhere else (never executes).
import type { Command } from 'commander';
import type { Alert } from '../alerts/alert.js';
import { selectAlert } from '../alerts/select.js';
import { AuditLog, defaultAuditLogPath } from '../audit/auditLog.js';
import { loadSettings, type Settings } from '../config/settings.js';
import { RuntimeFailure, UsageError } from '../errors.js';
import { OUTPUT_FORMATS, triageNonInteractively, type OutputFormat } from '../output/nonInteractive.js';
import { writeTriageReport } from '../output/report.js';
import { globalOptions, type GlobalOptions } from './globalOptions.js';
import { liveAlertFeed } from '../session/alertFeed.js';
import { staticAlertSource } from '../alerts/alertSource.js';
import { inNamespace, namespaceFlag } from '../alerts/namespaceScope.js';
import type { AlertFeed } from '../session/session.js';
import { drawPlainFrame, type PlainFrame } from '../ui/plainFrame.js';
import { readAlertInput } from './alertInput.js';
import { deferTriageSession } from '../session/deferredSession.js';
import type { TriageSessionOptions } from '../session/openSession.js';
import type { OpenTriageSession } from '../session/session.js';

const ALERT_POLL_MS = 3000;

export interface TriageFlags {
  alert?: string;
  pick?: string;
  alertmanagerUrl?: string;
  prometheusUrl?: string;
  /** A name from --model NAME, false from --no-model. */
  model?: string | boolean;
  ollamaHost?: string;
  nonInteractive?: boolean;
  output?: string;
  report?: string;
}

/** Not a TTY, CI set or --non-interactive (or an explicit --output): no Ink, no input, nothing executed. */
export function isInteractive(
  flags: { nonInteractive?: boolean; output?: string },
  env = process.env,
): boolean {
  if (flags.nonInteractive || flags.output !== undefined) return false;
  if (env.CI && env.CI !== '0' && env.CI !== 'false') return false;
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

export function outputFormat(text: string | undefined): OutputFormat {
  const format = text ?? 'text';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown --output ${JSON.stringify(format)}: use ${OUTPUT_FORMATS.join(', ')}`);
  }
  return format as OutputFormat;
}

export function triageSettings(flags: TriageFlags): Settings {
  return loadSettings({
    flags: {
      ...(typeof flags.model === 'string' ? { model: flags.model } : {}),
      ...(flags.ollamaHost ? { ollamaHost: flags.ollamaHost } : {}),
      ...(flags.alertmanagerUrl ? { alertmanagerUrl: flags.alertmanagerUrl } : {}),
      ...(flags.prometheusUrl ? { prometheusUrl: flags.prometheusUrl } : {}),
    },
  });
}

export interface TriageRunInput {
  alerts: Alert[];
  /** The picker lists AlertManager's firing alerts live instead of `alerts`. */
  live?: boolean;
  /** The command a person runs to act on it, shown by the non-interactive output. */
  howToAct: string;
  pick?: string;
  interactive: boolean;
  format: OutputFormat;
  reportPath?: string;
  /** Read after the plain first frame is on screen, so an invalid setting is reported on a clean screen. */
  settings(): Settings;
  /** A plain first frame the caller drew already (the demo draws it before its cluster starts). */
  plainFrame?: PlainFrame;
  session: Omit<TriageSessionOptions, 'auditLog' | 'settings' | 'readOnly'> & { auditLog?: AuditLog };
}

/** Shared by `triage` and `demo`: runs one triage in the mode the terminal allows and returns the exit code. */
export async function runTriageCommand(input: TriageRunInput): Promise<number> {
  let chosen: Alert | undefined;
  if (!input.interactive || input.pick !== undefined) {
    const choice = selectAlert(input.alerts, input.pick);
    if (!choice.ok) throw new UsageError(choice.error);
    chosen = choice.alert;
  }
  // The screen opens on the alert when there is just one, as the TUI does, and on the list otherwise.
  const single = chosen ?? (!input.live && input.alerts.length === 1 ? input.alerts[0] : undefined);
  const plainFrame =
    input.plainFrame ??
    (input.interactive
      ? drawPlainFrame(
          single ? { alert: single } : { alerts: input.alerts, source: input.session.alertSourceName },
        )
      : undefined);
  try {
    return await triageWithSettings(input, chosen, input.settings(), plainFrame);
  } finally {
    // Ink erased it already unless something failed before the screen mounted; then the error is not drawn over.
    plainFrame?.erase();
  }
}

async function triageWithSettings(
  input: TriageRunInput,
  chosen: Alert | undefined,
  settings: Settings,
  plainFrame: PlainFrame | undefined,
): Promise<number> {
  const auditLog = input.session.auditLog ?? new AuditLog(settings.auditLogPath ?? defaultAuditLogPath());
  const sessionOptions = { ...input.session, settings, auditLog };
  // The cluster, MCP and model code loads only when a triage runs, so `--help` and bad input answer at once.
  const openSession = async (readOnly: boolean): Promise<OpenTriageSession> => {
    const { openTriageSession } = await import('../session/openSession.js');
    return openTriageSession({ ...sessionOptions, readOnly });
  };
  if (!input.interactive && chosen) {
    const session = await openSession(true);
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    try {
      return await triageNonInteractively(session, chosen, {
        format: input.format,
        stdout: process.stdout,
        stderr: process.stderr,
        howToAct: input.howToAct,
        reportPath: input.reportPath,
        signal: abort.signal,
      });
    } finally {
      process.off('SIGINT', onSignal);
      await session.close();
    }
  }
  // The screen comes first: the session (kubeconfig, MCP, engine) loads once the first frame is drawn.
  const { runTriageUi } = await import('../ui/runTriageUi.js');
  const deferred = deferTriageSession(() => openSession(false), sessionOptions);
  deferred.opened.catch(() => undefined);
  const ui = runTriageUi({
    session: deferred.session,
    alerts: chosen ? [chosen] : input.live ? undefined : input.alerts,
    plainFrame,
  });
  setImmediate(deferred.start);
  let result: Awaited<typeof ui>;
  try {
    result = await ui;
  } finally {
    await deferred.close();
  }
  // A session that never opened (a bad kubeconfig, say) ends the command the way it always has.
  await deferred.opened;
  if (result) {
    await writeTriageReport(input.reportPath, { ...result, context: deferred.session.context });
    if (input.reportPath) process.stdout.write(`report written to ${input.reportPath}\n`);
  }
  return result?.execution?.outcome === 'failed' ? 1 : 0;
}

export function registerTriageCommand(program: Command): void {
  program
    .command('triage')
    .description('investigate a firing alert and recommend one action')
    .option(
      '--alert <file>',
      'alert JSON file, or - for stdin (webhook payload, API v2 alert(s), labels/annotations)',
    )
    .option('--pick <n|fingerprint>', 'which alert when the input holds several')
    .option('--alertmanager-url <url>', 'AlertManager to list firing alerts from')
    .option(
      '--prometheus-url <url>',
      'Prometheus to read trends from (default $KOPILOT_PROMETHEUS_URL or config prometheusUrl)',
    )
    .option('--model <name>', 'Ollama model')
    .option('--ollama-host <url>', 'Ollama server (default $OLLAMA_HOST or http://127.0.0.1:11434)')
    .option('--no-model', 'no model: evidence and rule-based recommendation only')
    .option('--non-interactive', 'no TUI: progress to stderr, result to stdout, never executes')
    .option('-o, --output <format>', 'non-interactive result: text, json, or ndjson (the event stream)')
    .option('--report <file>', 'write the whole triage as Markdown')
    .action(async (flags: TriageFlags, command: Command) => {
      const globals = globalOptions(command);
      const namespace = namespaceFlag(globals.namespace);
      // commander's --no-model turns `model` into false; a string is --model NAME.
      const noModel = flags.model === false;
      const format = outputFormat(flags.output);
      const interactive = isInteractive(flags);
      if (!flags.alert) {
        const settings = triageSettings(flags);
        return triageFromAlertmanager(flags, settings, interactive, format, globals, noModel, namespace);
      }
      const given = await readAlertInput(flags.alert);
      const alerts = inNamespace(given, namespace);
      if (alerts.length === 0)
        throw new UsageError(
          `no alert in namespace ${namespace ?? ''} among the ${given.length} in ${flags.alert === '-' ? 'stdin' : flags.alert}`,
        );
      const code = await runTriageCommand({
        alerts,
        pick: flags.pick,
        interactive,
        format,
        reportPath: flags.report,
        howToAct: `kopilot triage --alert ${flags.alert === '-' ? 'FILE' : flags.alert}${namespace ? ` -n ${namespace}` : ''}${flags.pick ? ` --pick ${flags.pick}` : ''}`,
        settings: () => triageSettings(flags),
        session: {
          kubeconfig: globals.kubeconfig,
          context: globals.context,
          noModel,
          alertSourceName: flags.alert === '-' ? 'stdin' : flags.alert,
          alerts: staticAlertSource(alerts),
        },
      });
      if (code !== 0) throw new RuntimeFailure('the triage ended without a usable result (see above)');
    });
}

/** No --alert: the firing alerts of AlertManager, live in the picker, or chosen with --pick when non-interactive. */
async function triageFromAlertmanager(
  flags: TriageFlags,
  settings: Settings,
  interactive: boolean,
  format: OutputFormat,
  globals: GlobalOptions,
  noModel: boolean,
  namespace: string | undefined,
): Promise<void> {
  const { AlertmanagerClient } = await import('../alerts/alertmanagerClient.js');
  const client = new AlertmanagerClient({
    url: settings.alertmanagerUrl,
    bearerToken: settings.alertmanagerBearerToken,
    basicAuth: settings.alertmanagerBasicAuth,
  });
  let alerts: Alert[] | undefined;
  if (!interactive || flags.pick !== undefined) {
    alerts = inNamespace(
      await client.listAlerts({ active: true, silenced: false, inhibited: false }),
      namespace,
    ).filter((alert) => alert.state !== 'resolved');
    if (alerts.length === 0)
      throw new RuntimeFailure(
        `no firing alerts${namespace ? ` in namespace ${namespace}` : ''} in AlertManager ${client.url}`,
      );
  }
  const code = await runTriageCommand({
    alerts: alerts ?? [],
    live: alerts === undefined,
    pick: flags.pick,
    interactive,
    format,
    reportPath: flags.report,
    howToAct: `kopilot triage --alertmanager-url ${client.url}${namespace ? ` -n ${namespace}` : ''}${flags.pick ? ` --pick ${flags.pick}` : ''}`,
    settings: () => settings,
    session: {
      kubeconfig: globals.kubeconfig,
      context: globals.context,
      noModel,
      alertSourceName: namespace ? `${client.url} in namespace ${namespace}` : client.url,
      alerts: client,
      watchAlerts: scopedFeed(liveAlertFeed(client, ALERT_POLL_MS), namespace),
    },
  });
  if (code !== 0) throw new RuntimeFailure('the triage ended without a usable result (see above)');
}

/** The live list with only the namespace's alerts (every alert without -n). */
function scopedFeed(
  watch: (onChange: (feed: AlertFeed) => void) => () => void,
  namespace: string | undefined,
): (onChange: (feed: AlertFeed) => void) => () => void {
  if (namespace === undefined) return watch;
  return (onChange) => watch((feed) => onChange({ ...feed, alerts: inNamespace(feed.alerts, namespace) }));
}
