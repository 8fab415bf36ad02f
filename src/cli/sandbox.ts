// `kopilot sandbox`: serves a scenario as a Kubernetes API on 127.0.0.1 until SIGINT/SIGTERM.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { SandboxOptions } from '../sandbox/index.js';

// The sandbox (API server, controllers, scenarios) loads only when this command runs: other commands start faster.
const DEFAULT_SCENARIO_NAME = 'webapp-memory';

interface SandboxFlags {
  scenario?: string;
  port?: string;
  kubeconfigOut?: string;
  list?: boolean;
  synthetic?: string;
}

export function parsePort(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) {
    throw new UsageError(
      `--port must be a TCP port from 0 to 65535 (0 picks a free one), not ${JSON.stringify(text)}`,
    );
  }
  return Number(text);
}

export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('serve the embedded sandbox Kubernetes cluster')
    .option(
      '--scenario <name|dir>',
      `built-in scenario name or scenario folder (default ${DEFAULT_SCENARIO_NAME})`,
    )
    .option('--port <n>', 'port on 127.0.0.1 (default: any free port)')
    .option('--kubeconfig-out <path>', 'where to write the kubeconfig (default: a temporary file)')
    .option('--synthetic <spec>', 'serve a generated cluster instead, e.g. nodes=1000,pods=30000[,seed=7]')
    .option('--list', 'list the built-in scenarios and exit')
    .addHelpText(
      'after',
      '\nExample:\n  kopilot sandbox --kubeconfig-out /tmp/sandbox.kubeconfig &\n  KUBECONFIG=/tmp/sandbox.kubeconfig kubectl get pods -A\n',
    )
    .action(async (flags: SandboxFlags) => {
      const { listBuiltinScenarios, parseSyntheticSpec } = await import('../sandbox/scenarios/index.js');
      if (flags.list) {
        for (const scenario of await listBuiltinScenarios())
          process.stdout.write(`${scenario.name}\t${scenario.title}\n`);
        return;
      }
      if (flags.scenario !== undefined && flags.synthetic !== undefined) {
        throw new UsageError('--scenario and --synthetic cannot be combined: choose one cluster to serve');
      }
      const options: SandboxOptions = {
        ...(flags.scenario !== undefined ? { scenario: flags.scenario } : {}),
        ...(flags.synthetic !== undefined ? { synthetic: parseSyntheticSpec(flags.synthetic) } : {}),
        ...(flags.port !== undefined ? { port: parsePort(flags.port) } : {}),
        ...(flags.kubeconfigOut !== undefined ? { kubeconfigPath: flags.kubeconfigOut } : {}),
      };
      const { ADMIN_CONTEXT, READONLY_CONTEXT, startSandbox } = await import('../sandbox/index.js');
      const sandbox = await startSandbox(options);
      // A reader that stops after the first line (`| head -1`) must not take the server down.
      process.stdout.on('error', () => undefined);
      process.stdout.write(`export KUBECONFIG=${sandbox.kubeconfigPath}\n`);
      process.stdout.write(
        `# sandbox ${sandbox.scenario.name} serving at ${sandbox.url}; contexts: ${ADMIN_CONTEXT} (admin), ${READONLY_CONTEXT} (read-only)\n` +
          `# ${sandbox.scenario.title}\n# press Ctrl+C to stop\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await sandbox.close();
    });
}
