// The commander program: global flags and one subcommand per file; flags become options, nothing else.
import { Command } from 'commander';
import { createRequire } from 'node:module';
import { addGlobalOptions } from './globalOptions.js';
import { registerNotBuilt } from './notBuilt.js';
import { registerConfigCommand } from './config.js';
import { registerAlertsCommand } from './alerts.js';

const packageJson = createRequire(import.meta.url)('../../package.json') as { version: string };

export function buildProgram(): Command {
  const program = new Command('kopilot')
    .description('Terminal copilot for Kubernetes on-call engineers')
    .version(packageJson.version, '-V, --version')
    .showHelpAfterError('(run kopilot --help for usage)')
    .exitOverride();
  addGlobalOptions(program);

  registerNotBuilt(program, 'triage', 'investigate a firing alert and recommend one action', 6);
  registerAlertsCommand(program);
  registerNotBuilt(program, 'mcp', 'serve the read-only Kubernetes MCP server', 3);
  registerNotBuilt(program, 'sandbox', 'serve the embedded sandbox Kubernetes cluster', 2);
  registerNotBuilt(program, 'demo', 'run a full triage on the embedded sandbox', 6);
  registerNotBuilt(program, 'eval', 'compare local models on incident scenarios', 8);
  registerConfigCommand(program);
  registerNotBuilt(program, 'audit', 'list the audit log', 7);
  return program;
}
