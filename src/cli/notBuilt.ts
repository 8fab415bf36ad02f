// Registers a command the product will have but that is not built yet: it says so and exits 1.
import type { Command } from 'commander';
import { NotBuiltError } from '../errors.js';

export function registerNotBuilt(program: Command, name: string, summary: string, issue: number): void {
  program
    .command(name)
    .description(`${summary} (not built yet)`)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new NotBuiltError(name, issue);
    });
}
