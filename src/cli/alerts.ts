// `kopilot alerts`: firing alerts from AlertManager as a table or JSON, like `amtool alert query`; --watch keeps it live.
import { Option, type Command } from 'commander';
import type { Alert } from '../alerts/alert.js';
import type { AlertmanagerClient, AlertQuery } from '../alerts/alertmanagerClient.js';
import type { AlertStreamEvent } from '../alerts/alertStream.js';
import { formatAlertTable, sortForOnCall } from '../alerts/alertTable.js';
import { parseMatcher } from '../alerts/matchers.js';
import { namespaceFlag } from '../alerts/namespaceScope.js';
import { globalOptions } from './globalOptions.js';
import { describeAlertBriefly } from '../alerts/select.js';
import { loadSettings } from '../config/settings.js';
import { UsageError } from '../errors.js';

interface AlertsFlags {
  alertmanagerUrl?: string;
  filter: string[];
  receiver?: string;
  silenced: boolean;
  inhibited: boolean;
  watch: boolean;
  interval: string;
  output: 'table' | 'json';
  alertmanagerCaFile?: string;
  insecureSkipTlsVerify: boolean;
  alertmanagerHeader: string[];
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerAlertsCommand(program: Command): void {
  program
    .command('alerts')
    .description('list firing alerts from AlertManager (like amtool alert query)')
    .argument('[matchers...]', 'amtool matchers; a first word without an operator is the alertname')
    .option(
      '--alertmanager-url <url>',
      'AlertManager URL (default: $KOPILOT_ALERTMANAGER_URL, $ALERTMANAGER_URL, config, http://localhost:9093)',
    )
    .option(
      '-f, --filter <matcher>',
      'label matcher, e.g. severity="critical" or alertname=~"High.*" (repeatable)',
      collect,
      [],
    )
    .option('-r, --receiver <regex>', 'only alerts routed to receivers matching this regular expression')
    .option('-s, --silenced', 'include silenced alerts', false)
    .option('-i, --inhibited', 'include inhibited alerts', false)
    .option('-w, --watch', 'keep the list live until Ctrl+C', false)
    .option('--interval <seconds>', 'poll interval with --watch', '5')
    .addOption(
      new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'),
    )
    .option('--alertmanager-ca-file <path>', 'CA certificate (PEM) that signed AlertManager’s certificate')
    .option('--insecure-skip-tls-verify', 'do not verify AlertManager’s TLS certificate', false)
    .option('--alertmanager-header <header>', 'extra HTTP header "Name: value" (repeatable)', collect, [])
    .action(async (matchers: string[], flags: AlertsFlags, command: Command) => {
      await runAlerts(matchers, flags, namespaceFlag(globalOptions(command).namespace));
    });
}

async function runAlerts(positional: string[], flags: AlertsFlags, namespace?: string): Promise<void> {
  const settings = loadSettings({ flags: { alertmanagerUrl: flags.alertmanagerUrl } });
  const interval = Number(flags.interval);
  if (!Number.isFinite(interval) || interval < 0.1 || interval > 3600) {
    throw new UsageError(
      `invalid --interval ${JSON.stringify(flags.interval)}: expected seconds between 0.1 and 3600`,
    );
  }
  const filter = [
    ...positionalMatchers(positional),
    ...flags.filter,
    // AlertManager matches it, so --watch and the JSON see only that namespace too.
    ...(namespace ? [`namespace="${namespace}"`] : []),
  ];
  for (const text of filter) {
    const parsed = parseMatcher(text);
    if (!parsed.ok) throw new UsageError(`invalid filter: ${parsed.error}`);
  }
  // The AlertManager client loads only when this command runs: other commands start faster.
  const { AlertmanagerClient } = await import('../alerts/alertmanagerClient.js');
  const client = new AlertmanagerClient({
    url: settings.alertmanagerUrl,
    bearerToken: settings.alertmanagerBearerToken,
    basicAuth: settings.alertmanagerBasicAuth,
    headers: parseHeaders(flags.alertmanagerHeader),
    caFile: flags.alertmanagerCaFile,
    insecureSkipTlsVerify: flags.insecureSkipTlsVerify,
  });
  const query: AlertQuery = {
    filter,
    active: true,
    silenced: flags.silenced,
    inhibited: flags.inhibited,
    receiver: flags.receiver,
  };
  const showState = flags.silenced || flags.inhibited;
  const first = await client.listAlerts(query);
  if (!flags.watch) {
    process.stdout.write(render(first, flags.output, showState, client.url));
    return;
  }
  await watch(client, query, first, flags, interval * 1000, showState);
}

/** amtool's shorthand: `kopilot alerts HighMemoryUsage severity=warning`. */
function positionalMatchers(args: string[]): string[] {
  return args.map((arg, i) =>
    i === 0 && /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(arg) ? `alertname="${arg}"` : arg,
  );
}

function parseHeaders(headers: string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const header of headers) {
    const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):\s*(.*)$/.exec(header);
    if (!match)
      throw new UsageError(`invalid --alertmanager-header ${JSON.stringify(header)}: expected "Name: value"`);
    result[(match[1] as string).toLowerCase()] = match[2] as string;
  }
  return result;
}

function render(alerts: Alert[], output: 'table' | 'json', showState: boolean, url: string): string {
  if (output === 'json') return `${JSON.stringify(sortForOnCall(alerts), null, 2)}\n`;
  if (alerts.length === 0) return `No firing alerts at ${url}.\n`;
  const width = process.stdout.isTTY ? process.stdout.columns : undefined;
  return `${formatAlertTable(alerts, { now: new Date(), width, showState })}\n`;
}

/**
 * Live view. A terminal gets the table redrawn in place after every poll; a pipe gets one JSON event
 * per line with --output json, or the refreshed table under a timestamp line. Ctrl+C ends it with exit 0.
 */
async function watch(
  client: AlertmanagerClient,
  query: AlertQuery,
  first: Alert[],
  flags: AlertsFlags,
  intervalMs: number,
  showState: boolean,
): Promise<void> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const tty = process.stdout.isTTY === true;
  const source = client.source({ ...query, signal: controller.signal });
  let current = first;
  let changed = true;
  let lastError = '';
  const draw = (): void => {
    if (flags.output === 'json') return;
    const header = `Every ${intervalMs / 1000}s: ${client.url} at ${new Date().toISOString().slice(11, 19)} (Ctrl+C to stop)`;
    const body = render(current, 'table', showState, client.url);
    if (!tty) {
      process.stdout.write(`${header}\n${body}\n`);
      return;
    }
    // In place, without clearing the screen first: each line overwrites the last frame's, so nothing flickers.
    let lines = `${header}\n\n${body}`.trimEnd().split('\n');
    // Taller than the terminal would scroll and tear the frame: keep what fits and say how much is hidden.
    const rows = process.stdout.rows ?? lines.length;
    if (lines.length > rows - 1)
      lines = [...lines.slice(0, rows - 2), `… ${lines.length - rows + 2} more not shown`];
    const frame = lines.map((line) => `${line}\x1b[K`);
    process.stdout.write(`\x1b[H${frame.join('\n')}\x1b[J`);
  };
  try {
    const { watchAlerts } = await import('../alerts/alertStream.js');
    for await (const event of watchAlerts(source, { intervalMs, signal: controller.signal })) {
      if (event.type === 'error') {
        if (event.message !== lastError) process.stderr.write(`kopilot: ${event.message} (still trying)\n`);
        lastError = event.message;
        continue;
      }
      lastError = '';
      if (event.type === 'snapshot') {
        current = event.alerts;
        // A terminal redraws every poll so ages stay current; a pipe only gets a new table on a change.
        if (changed || tty) draw();
        changed = false;
        continue;
      }
      changed = true;
      if (flags.output === 'json') process.stdout.write(`${JSON.stringify(eventForJson(event))}\n`);
      else if (!tty) process.stdout.write(`${eventLine(event)}\n`);
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function eventForJson(event: Exclude<AlertStreamEvent, { type: 'error' | 'snapshot' }>): object {
  return { type: event.type, alert: event.alert };
}

function eventLine(event: Exclude<AlertStreamEvent, { type: 'error' | 'snapshot' }>): string {
  const mark = { added: '+', updated: '~', resolved: '-' }[event.type];
  return `${mark} ${event.type} ${describeAlertBriefly(event.alert)}`;
}
