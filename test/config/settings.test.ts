import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFilePath, openConfigFile } from '../../src/config/configFile.js';
import {
  loadSettings,
  MAX_TIMER_MS,
  resolveSettings,
  SETTING_KEYS,
  settingsSchema,
} from '../../src/config/settings.js';
import { UsageError } from '../../src/errors.js';

describe('settings precedence: flags > environment > config file > defaults', () => {
  it('uses the defaults when nothing is set', () => {
    const settings = resolveSettings({ env: {}, file: {} });
    expect(settings.ollamaHost).toBe('http://127.0.0.1:11434');
    expect(settings.numCtx).toBe(8192);
    expect(settings.alertmanagerUrl).toBe('http://localhost:9093');
    expect(settings.protectedNamespaces).toContain('kube-system');
  });

  it('lets the config file override defaults, the environment override the file, and flags override both', () => {
    const file = { model: 'from-file', numCtx: 4096, alertmanagerUrl: 'http://file:9093' };
    const env = { KOPILOT_MODEL: 'from-env', ALERTMANAGER_URL: 'http://env:9093' };
    const settings = resolveSettings({ env, file, flags: { model: 'from-flag' } });
    expect(settings.model).toBe('from-flag');
    expect(settings.alertmanagerUrl).toBe('http://env:9093');
    expect(settings.numCtx).toBe(4096);
  });

  it('prefers KOPILOT_OLLAMA_HOST over OLLAMA_HOST and parses numbers and lists from the environment', () => {
    const settings = resolveSettings({
      file: {},
      env: {
        OLLAMA_HOST: 'http://other:11434',
        KOPILOT_OLLAMA_HOST: 'http://gpu-box:11434',
        KOPILOT_NUM_CTX: '16384',
        KOPILOT_PROTECTED_NAMESPACES: 'payments, kube-system',
      },
    });
    expect(settings.ollamaHost).toBe('http://gpu-box:11434');
    expect(settings.numCtx).toBe(16384);
    expect(settings.protectedNamespaces).toEqual(['payments', 'kube-system']);
  });

  it('names the key, its source and the problem when a value is invalid', () => {
    expect(() => resolveSettings({ file: {}, env: { KOPILOT_NUM_CTX: 'lots' } })).toThrowError(UsageError);
    expect(() => resolveSettings({ file: {}, env: { KOPILOT_NUM_CTX: 'lots' } })).toThrowError(
      'invalid setting numCtx (from environment variable KOPILOT_NUM_CTX): expected an integer from 1024 to 1048576, got "lots"',
    );
    expect(() => resolveSettings({ env: {}, file: { ollamaHost: 'not a url' } })).toThrowError(
      'invalid setting ollamaHost (from config file): expected a URL such as http://host:port, got "not a url"',
    );
  });

  it('refuses a modelTimeoutMs a timer cannot hold, instead of timing out after 1 ms', () => {
    expect(() => resolveSettings({ file: {}, env: { KOPILOT_MODEL_TIMEOUT_MS: '3000000000' } })).toThrowError(
      'invalid setting modelTimeoutMs (from environment variable KOPILOT_MODEL_TIMEOUT_MS): expected an integer from 1000 to 2147483647 (milliseconds; timers cannot wait longer than about 24.8 days), got "3000000000"',
    );
    expect(() => resolveSettings({ env: {}, file: { modelTimeoutMs: 2 ** 31 } })).toThrowError(UsageError);
    expect(resolveSettings({ env: {}, file: { modelTimeoutMs: MAX_TIMER_MS } }).modelTimeoutMs).toBe(
      MAX_TIMER_MS,
    );
  });

  it('bounds every millisecond setting by what a timer can hold', () => {
    const durations = SETTING_KEYS.filter((key) => key.endsWith('Ms'));
    expect(durations.length).toBeGreaterThan(0);
    for (const key of durations) {
      expect(settingsSchema.shape[key].safeParse(MAX_TIMER_MS + 1).success, key).toBe(false);
    }
  });

  it('never prints a secret setting back in an error', () => {
    expect(() => resolveSettings({ env: {}, file: { alertmanagerBearerToken: 12345678 } })).toThrowError(
      /^invalid setting alertmanagerBearerToken \(from config file\): expected a non-empty string$/,
    );
  });

  it('reads the config file from KOPILOT_CONFIG_DIR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kopilot-config-'));
    const env = { KOPILOT_CONFIG_DIR: dir };
    (await openConfigFile(env)).set('model', 'granite3.1-dense:2b');
    expect(loadSettings({ env }).model).toBe('granite3.1-dense:2b');
    expect((await openConfigFile(env)).path).toBe(join(dir, 'config.json'));
    expect(configFilePath(env)).toBe(join(dir, 'config.json'));
  });

  it('finds the file conf writes in the platform config folder when KOPILOT_CONFIG_DIR is not set', async () => {
    // env-paths reads XDG_CONFIG_HOME from the process itself: point it at a scratch folder, not the real home.
    const saved = process.env.XDG_CONFIG_HOME;
    process.env.XDG_CONFIG_HOME = mkdtempSync(join(tmpdir(), 'kopilot-xdg-'));
    try {
      const written = (await openConfigFile({})).path;
      expect(written).toBe(join(process.env.XDG_CONFIG_HOME, 'kopilot', 'config.json'));
      expect(configFilePath({})).toBe(written);
    } finally {
      if (saved === undefined) delete process.env.XDG_CONFIG_HOME;
      else process.env.XDG_CONFIG_HOME = saved;
    }
  });

  it('reports a config file that is not JSON, or not an object, with its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kopilot-config-'));
    const env = { KOPILOT_CONFIG_DIR: dir };
    writeFileSync(join(dir, 'config.json'), '{"model": ');
    expect(() => loadSettings({ env })).toThrowError(
      new RegExp(
        `^the config file ${join(dir, 'config.json')} is not valid JSON \\(.*\\); fix it or remove it$`,
      ),
    );
    writeFileSync(join(dir, 'config.json'), '["granite"]');
    expect(() => loadSettings({ env })).toThrowError(/must hold a JSON object of settings/);
  });
});
