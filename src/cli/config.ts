// `kopilot config get|set|unset|list|path`: read and change the settings file, checking every value first.
import type { Command } from 'commander';
import {
  SETTING_KEYS,
  openConfigFile,
  parseSettingValue,
  resolveSettings,
  settingsSchema,
  type SettingKey,
} from '../config/settings.js';
import { UsageError } from '../errors.js';

const SECRET_KEYS: SettingKey[] = ['alertmanagerBearerToken', 'alertmanagerBasicAuth'];

function settingKey(name: string): SettingKey {
  if ((SETTING_KEYS as string[]).includes(name)) return name as SettingKey;
  throw new UsageError(`unknown setting ${JSON.stringify(name)}; settings are: ${SETTING_KEYS.join(', ')}`);
}

/** What a value of this setting must look like, in words: "an integer from 1024 to 1048576". */
export function expectedType(key: SettingKey): string {
  const field = settingsSchema.shape[key];
  const schema = field.toJSONSchema?.() as Record<string, unknown> | undefined;
  const type = schema?.type;
  if (type === 'integer' || type === 'number') {
    const min = schema?.minimum;
    const max =
      typeof schema?.maximum === 'number' && schema.maximum < Number.MAX_SAFE_INTEGER
        ? schema.maximum
        : undefined;
    const noun = type === 'integer' ? 'an integer' : 'a number';
    if (min !== undefined && max !== undefined) return `${noun} from ${String(min)} to ${String(max)}`;
    if (min !== undefined) return `${noun} of at least ${String(min)}`;
    return noun;
  }
  if (type === 'array') return 'a comma-separated list';
  if (schema?.format === 'uri') return 'a URL such as http://host:port';
  if (key === 'alertmanagerBasicAuth') return 'user:password';
  return 'a non-empty string';
}

function show(key: SettingKey, value: unknown): string {
  if (value === undefined) return '';
  if (SECRET_KEYS.includes(key)) return '********';
  return Array.isArray(value) ? value.join(',') : String(value);
}

export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description('get, set and list settings');

  config
    .command('path')
    .description('print the path of the config file')
    .action(() => {
      process.stdout.write(`${openConfigFile().path}\n`);
    });

  config
    .command('list')
    .description(
      'every setting with its effective value (flags > KOPILOT_* environment > config file > defaults)',
    )
    .option('-o, --output <format>', 'text or json', 'text')
    .action((options: { output: string }) => {
      const settings = resolveSettings();
      const file = openConfigFile().store;
      if (options.output === 'json') {
        const shown = Object.fromEntries(
          SETTING_KEYS.map((key) => [
            key,
            SECRET_KEYS.includes(key) && settings[key] ? '********' : settings[key],
          ]),
        );
        process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
        return;
      }
      if (options.output !== 'text')
        throw new UsageError(`unknown --output ${options.output}: use text or json`);
      const width = Math.max(...SETTING_KEYS.map((k) => k.length));
      for (const key of SETTING_KEYS) {
        const origin = file[key] !== undefined ? '  (config file)' : '';
        process.stdout.write(`${key.padEnd(width)}  ${show(key, settings[key])}${origin}\n`);
      }
    });

  config
    .command('get <key>')
    .description('print the effective value of one setting')
    .action((name: string) => {
      const key = settingKey(name);
      process.stdout.write(`${show(key, resolveSettings()[key])}\n`);
    });

  config
    .command('set <key> <value>')
    .description('store a setting in the config file (checked before it is written)')
    .action((name: string, text: string) => {
      const key = settingKey(name);
      const value = parseSettingValue(key, text);
      const parsed = settingsSchema.shape[key].safeParse(value);
      if (!parsed.success) {
        throw new UsageError(
          `invalid value for ${key}: expected ${expectedType(key)}, got ${JSON.stringify(text)}`,
        );
      }
      openConfigFile().set(key, parsed.data);
      process.stdout.write(`${key} = ${show(key, parsed.data)}\n`);
    });

  config
    .command('unset <key>')
    .description('remove a setting from the config file (its default applies again)')
    .action((name: string) => {
      const key = settingKey(name);
      openConfigFile().delete(key);
      process.stdout.write(`${key} unset\n`);
    });
}
