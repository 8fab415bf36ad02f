// `kopilot config get|set|unset|list|path`: read and change the settings file, checking every value first.
import type { Command } from 'commander';
import {
  SECRET_SETTING_KEYS,
  SETTING_KEYS,
  expectedType,
  loadSettings,
  parseSettingValue,
  settingsSchema,
  type SettingKey,
} from '../config/settings.js';
import { configFilePath, openConfigFile, readConfigFile } from '../config/configFile.js';
import { UsageError } from '../errors.js';

function settingKey(name: string): SettingKey {
  if ((SETTING_KEYS as string[]).includes(name)) return name as SettingKey;
  throw new UsageError(`unknown setting ${JSON.stringify(name)}; settings are: ${SETTING_KEYS.join(', ')}`);
}

function show(key: SettingKey, value: unknown): string {
  if (value === undefined) return '';
  if (SECRET_SETTING_KEYS.includes(key)) return '********';
  return Array.isArray(value) ? value.join(',') : String(value);
}

export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description('get, set and list settings');

  config
    .command('path')
    .description('print the path of the config file')
    .action(() => {
      process.stdout.write(`${configFilePath()}\n`);
    });

  config
    .command('list')
    .description(
      'every setting with its effective value (flags > KOPILOT_* environment > config file > defaults)',
    )
    .option('-o, --output <format>', 'text or json', 'text')
    .action((options: { output: string }) => {
      const file = readConfigFile();
      const settings = loadSettings({ file });
      if (options.output === 'json') {
        const shown = Object.fromEntries(
          SETTING_KEYS.map((key) => [
            key,
            SECRET_SETTING_KEYS.includes(key) && settings[key] ? '********' : settings[key],
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
      process.stdout.write(`${show(key, loadSettings()[key])}\n`);
    });

  config
    .command('set <key> <value>')
    .description('store a setting in the config file (checked before it is written)')
    .action(async (name: string, text: string) => {
      const key = settingKey(name);
      const value = parseSettingValue(key, text);
      const parsed = settingsSchema.shape[key].safeParse(value);
      if (!parsed.success) {
        throw new UsageError(
          `invalid value for ${key}: expected ${expectedType(key)}, got ${JSON.stringify(text)}`,
        );
      }
      (await openConfigFile()).set(key, parsed.data);
      process.stdout.write(`${key} = ${show(key, parsed.data)}\n`);
    });

  config
    .command('unset <key>')
    .description('remove a setting from the config file (its default applies again)')
    .action(async (name: string) => {
      const key = settingKey(name);
      (await openConfigFile()).delete(key);
      process.stdout.write(`${key} unset\n`);
    });
}
