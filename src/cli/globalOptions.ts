// The kubectl-style flags every command accepts, read from commander into one typed object.
import type { Command } from 'commander';

export interface GlobalOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  debug: boolean;
}

/** The commands -n/--namespace scopes; every other command refuses it rather than ignore it. */
export const NAMESPACED_COMMANDS = ['triage', 'alerts'];

export function addGlobalOptions(program: Command): Command {
  return program
    .option('--kubeconfig <path>', 'path to the kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context to use')
    .option(
      '-n, --namespace <name>',
      `only alerts about objects in this namespace, as kubectl -n (${NAMESPACED_COMMANDS.join(', ')})`,
    )
    .option('--debug', 'print stack traces and debug detail', false);
}

export function globalOptions(command: Command): GlobalOptions {
  const all = command.optsWithGlobals<Partial<GlobalOptions>>();
  return {
    kubeconfig: all.kubeconfig,
    context: all.context,
    namespace: all.namespace,
    debug: all.debug ?? false,
  };
}
