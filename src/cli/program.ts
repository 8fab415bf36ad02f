// The commander program: global flags and one subcommand per file; flags become options, nothing else.
import { Command } from 'commander';
import { createRequire } from 'node:module';
import { addGlobalOptions, NAMESPACED_COMMANDS } from './globalOptions.js';
import { UsageError } from '../errors.js';
import { registerMcpCommand } from './mcp.js';
import { registerSandboxCommand } from './sandbox.js';
import { registerEvalCommand } from './eval.js';
import { registerConfigCommand } from './config.js';
import { registerTriageCommand } from './triage.js';
import { registerDemoCommand } from './demo.js';
import { registerAlertsCommand } from './alerts.js';
import { registerAuditCommand } from './audit.js';

const packageJson = createRequire(import.meta.url)('../../package.json') as { version: string };

export function buildProgram(): Command {
  const program = new Command('kopilot')
    .description('Terminal copilot for Kubernetes on-call engineers')
    .version(packageJson.version, '-V, --version')
    .showHelpAfterError('(run kopilot --help for usage)')
    .exitOverride();
  addGlobalOptions(program);
  program.hook('preAction', (_root, command) => {
    const { namespace } = command.optsWithGlobals<{ namespace?: string }>();
    if (namespace !== undefined && !NAMESPACED_COMMANDS.includes(command.name()))
      throw new UsageError(
        `-n/--namespace does not apply to kopilot ${command.name()} (it scopes ${NAMESPACED_COMMANDS.join(' and ')})`,
      );
  });

  registerTriageCommand(program);
  registerAlertsCommand(program);
  registerMcpCommand(program);
  registerSandboxCommand(program);
  registerDemoCommand(program);
  registerEvalCommand(program);
  registerConfigCommand(program);
  registerAuditCommand(program);
  return program;
}
