// `kopilot eval`: flags -> options for the model comparison; progress on stderr, results on stdout and in files.
import type { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadSettings } from '../config/settings.js';
import { UsageError } from '../errors.js';
import type { EvalOutputFormat } from '../eval/report.js';
import type { EvalProgress } from '../eval/runEval.js';
import type { RunScore } from '../eval/score.js';

const FORMATS: readonly EvalOutputFormat[] = ['table', 'json', 'markdown'];

interface EvalFlags {
  models: string;
  scenarios?: string[];
  runs: string;
  prefetch: boolean;
  output: string;
  perScenario?: boolean;
  outDir?: string;
  ollamaHost?: string;
  numCtx?: string;
}

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('compare local models on incident scenarios (nothing is executed)')
    .requiredOption('--models <list>', 'comma-separated Ollama models; "rules" scores the rule-based engine')
    .option(
      '--scenarios <dir>',
      'a scenario folder or a folder of them (repeatable; default: built-ins)',
      collect,
    )
    .option('--runs <n>', 'runs per model and scenario, to see the spread', '1')
    .option('--no-prefetch', 'no evidence before the first model request: the plain tool-calling loop')
    .option('-o, --output <format>', `result format: ${FORMATS.join(', ')}`, 'table')
    .option('--per-scenario', 'also show one row per model and scenario')
    .option('--out-dir <dir>', 'also write results.json, results.md and the tool-call audit log there')
    .option('--ollama-host <url>', 'Ollama server (default $OLLAMA_HOST or http://127.0.0.1:11434)')
    .option('--num-ctx <tokens>', 'context window asked of Ollama')
    .addHelpText(
      'after',
      '\nExample:\n  kopilot eval --models granite3.1-dense:8b,granite3.1-dense:2b,rules --runs 3 --per-scenario',
    )
    .action(async (flags: EvalFlags) => {
      // Loaded here, not at start-up: the engine, MCP and sandbox cost every other command ~2 s of CPU.
      const [{ AuditLog }, { renderEvalReport }, { runEval, scenariosIn }] = await Promise.all([
        import('../audit/auditLog.js'),
        import('../eval/report.js'),
        import('../eval/runEval.js'),
      ]);
      const format = parseFormat(flags.output);
      const runs = parseWhole('--runs', flags.runs);
      const models = flags.models
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean);
      const settings = loadSettings({
        flags: {
          ...(flags.ollamaHost ? { ollamaHost: flags.ollamaHost } : {}),
          ...(flags.numCtx ? { numCtx: parseWhole('--num-ctx', flags.numCtx) } : {}),
        },
      });
      const scenarios: string[] = [];
      for (const dir of flags.scenarios ?? []) scenarios.push(...(await scenariosIn(dir)));
      if (flags.outDir) await mkdir(flags.outDir, { recursive: true });

      const controller = new AbortController();
      const onSignal = () => controller.abort();
      process.once('SIGINT', onSignal);
      const progress = new ProgressLine(process.stderr);
      let scores: RunScore[];
      try {
        const generator = runEval({
          models,
          scenarios,
          runs,
          prefetch: flags.prefetch,
          settings,
          auditLog: flags.outDir ? new AuditLog(join(flags.outDir, 'audit.jsonl')) : undefined,
          signal: controller.signal,
        });
        for (;;) {
          const next = await generator.next();
          if (next.done) {
            scores = next.value;
            break;
          }
          progress.show(next.value);
        }
      } finally {
        progress.end();
        process.off('SIGINT', onSignal);
      }
      const input = { scores, prefetch: flags.prefetch, perScenario: flags.perScenario ?? false };
      process.stdout.write(renderEvalReport(input, format));
      if (flags.outDir) {
        await writeFile(join(flags.outDir, 'results.json'), renderEvalReport(input, 'json'));
        await writeFile(
          join(flags.outDir, 'results.md'),
          renderEvalReport({ ...input, perScenario: true }, 'markdown'),
        );
        process.stderr.write(`kopilot eval: results written to ${flags.outDir}\n`);
      }
      if (controller.signal.aborted)
        process.stderr.write('kopilot eval: interrupted; results so far above\n');
    });
}

/** A progress bar redrawn in place on a terminal, one line per run otherwise. */
class ProgressLine {
  private drawn = false;
  constructor(private readonly stream: NodeJS.WriteStream) {}

  show(event: EvalProgress): void {
    if (event.type === 'started') {
      this.stream.write(`kopilot eval: ${event.total} runs over ${event.scenarios.length} scenarios\n`);
      return;
    }
    if (event.type === 'run_started' && this.stream.isTTY) {
      const width = 24;
      const filled = Math.round(((event.index - 1) / event.total) * width);
      const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
      const line = `[${bar}] ${event.index}/${event.total} ${event.model} · ${event.scenario}`;
      this.stream.write(`\r\x1b[2K${line.slice(0, (this.stream.columns ?? 80) - 1)}`);
      this.drawn = true;
    }
    if (event.type === 'run_finished' && !this.stream.isTTY) {
      const { score } = event;
      const verdict = score.decision.accepted ? 'accepted' : 'not accepted';
      this.stream.write(
        `  ${event.index}/${event.total} ${score.model} · ${score.scenario}: ${score.action ?? 'no recommendation'} (${verdict}, ${(score.cost.wallMs / 1000).toFixed(2)} s)\n`,
      );
    }
  }

  end(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
  }
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function parseFormat(text: string): EvalOutputFormat {
  if (!(FORMATS as readonly string[]).includes(text)) {
    throw new UsageError(`unknown --output ${JSON.stringify(text)}: use ${FORMATS.join(', ')}`);
  }
  return text as EvalOutputFormat;
}

function parseWhole(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`${flag} must be a whole number ≥ 1, not ${JSON.stringify(text)}`);
  return value;
}
