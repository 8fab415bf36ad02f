// Where the built-in scenarios live (the package's scenarios/ folder) and which there are.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** `<package>/scenarios`, from both src/ (tsx, vitest) and dist/ (the built CLI): three levels up. */
export function builtinScenariosDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'scenarios');
}

/** The built-in scenarios by name, with their titles. */
export async function listBuiltinScenarios(): Promise<Array<{ name: string; title: string }>> {
  const dir = builtinScenariosDir();
  const entries = await readdir(dir, { withFileTypes: true });
  const out: Array<{ name: string; title: string }> = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    try {
      const file = parse(await readFile(path.join(dir, entry.name, 'scenario.yaml'), 'utf8')) as {
        title?: unknown;
      };
      out.push({ name: entry.name, title: typeof file?.title === 'string' ? file.title : entry.name });
    } catch {
      // Not a scenario folder.
    }
  }
  return out;
}
