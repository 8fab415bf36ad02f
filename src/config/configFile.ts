// kopilot's config file: where it lives, reading it (every command does, so without conf, whose JSON-schema
// validator costs about 150 ms to load) and writing it (`kopilot config set|unset`, through conf).
import type Conf from 'conf';
import envPaths from 'env-paths';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

/** KOPILOT_CONFIG_DIR (tests, portable set-ups), else the platform's config folder, e.g. ~/.config/kopilot. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.KOPILOT_CONFIG_DIR || envPaths('kopilot', { suffix: '' }).config;
}

export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'config.json');
}

/** The file's settings; none when it does not exist. A file that is not a JSON object is a usage error. */
export function readConfigFile(env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const path = configFilePath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {};
    throw new UsageError(`cannot read the config file ${path}: ${String(code)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `the config file ${path} is not valid JSON (${(error as Error).message}); fix it or remove it`,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError(`the config file ${path} must hold a JSON object of settings`);
  }
  return data as Record<string, unknown>;
}

/** The same file through conf, for writing; a broken file is reported as readConfigFile does, not overwritten. */
export async function openConfigFile(
  env: NodeJS.ProcessEnv = process.env,
): Promise<Conf<Record<string, unknown>>> {
  readConfigFile(env);
  const { default: Conf } = await import('conf');
  return new Conf<Record<string, unknown>>({
    projectName: 'kopilot',
    cwd: configDir(env),
    configName: 'config',
  });
}
