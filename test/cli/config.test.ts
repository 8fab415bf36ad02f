import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKopilot } from '../helpers/runKopilot.js';

function configDir(): Record<string, string> {
  return {
    KOPILOT_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'kopilot-config-cli-')),
    KOPILOT_MODEL: '',
    OLLAMA_HOST: '',
  };
}

const ALERT = JSON.stringify({
  labels: { alertname: 'HighMemoryUsage', namespace: 'production', pod: 'webapp-123' },
});

describe('kopilot config', { timeout: 180_000 }, () => {
  it('sets a value in the config file and reads it back, and path names that file', async () => {
    const env = configDir();
    const set = await runKopilot(['config', 'set', 'numCtx', '16384'], { env, timeoutMs: 120_000 });
    expect(set).toMatchObject({ code: 0, stdout: 'numCtx = 16384\n' });
    expect((await runKopilot(['config', 'get', 'numCtx'], { env, timeoutMs: 120_000 })).stdout).toBe(
      '16384\n',
    );
    const path = (await runKopilot(['config', 'path'], { env, timeoutMs: 120_000 })).stdout.trim();
    expect(path).toBe(join(env.KOPILOT_CONFIG_DIR!, 'config.json'));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ numCtx: 16384 });
  });

  it('lets the environment override the file (flags > KOPILOT_* > file > defaults)', async () => {
    const env = configDir();
    await runKopilot(['config', 'set', 'model', 'granite3.1-dense:2b'], { env, timeoutMs: 120_000 });
    expect((await runKopilot(['config', 'get', 'model'], { env, timeoutMs: 120_000 })).stdout).toBe(
      'granite3.1-dense:2b\n',
    );
    expect(
      (
        await runKopilot(['config', 'get', 'model'], {
          env: { ...env, KOPILOT_MODEL: 'qwen2:1.5b' },
          timeoutMs: 120_000,
        })
      ).stdout,
    ).toBe('qwen2:1.5b\n');
  });

  it('refuses an invalid value with the key and the expected type, exit 2, and writes nothing', async () => {
    const env = configDir();
    const bad = await runKopilot(['config', 'set', 'numCtx', 'lots'], { env, timeoutMs: 120_000 });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'kopilot: invalid value for numCtx: expected an integer from 1024 to 1048576, got "lots"\n',
    );
    const url = await runKopilot(['config', 'set', 'alertmanagerUrl', 'not a url'], {
      env,
      timeoutMs: 120_000,
    });
    expect(url.code).toBe(2);
    expect(url.stderr).toContain('alertmanagerUrl: expected a URL');
    expect((await runKopilot(['config', 'get', 'numCtx'], { env, timeoutMs: 120_000 })).stdout).toBe(
      '8192\n',
    );
  });

  it('names the settings when the key is unknown', async () => {
    const result = await runKopilot(['config', 'get', 'colour'], { env: configDir(), timeoutMs: 120_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown setting "colour"; settings are: model, ollamaHost, numCtx/);
  });

  it('lists every setting and hides secrets', async () => {
    const env = configDir();
    await runKopilot(['config', 'set', 'alertmanagerBearerToken', 's3cr3t-token'], {
      env,
      timeoutMs: 120_000,
    });
    const list = await runKopilot(['config', 'list'], { env, timeoutMs: 120_000 });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^numCtx\s+8192$/m);
    expect(list.stdout).toMatch(/^alertmanagerBearerToken\s+\*{8}\s+\(config file\)$/m);
    expect(list.stdout).not.toContain('s3cr3t-token');
    const json = JSON.parse(
      (await runKopilot(['config', 'list', '-o', 'json'], { env, timeoutMs: 120_000 })).stdout,
    ) as Record<string, unknown>;
    expect(json.protectedNamespaces).toContain('kube-system');
  });

  it('reports an invalid value already in the config file with its key and source', async () => {
    const env = configDir();
    await runKopilot(['config', 'set', 'numCtx', '4096'], { env, timeoutMs: 120_000 });
    const result = await runKopilot(['config', 'get', 'numCtx'], {
      env: { ...env, KOPILOT_NUM_CTX: '12' },
      timeoutMs: 120_000,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/invalid setting numCtx \(from environment variable KOPILOT_NUM_CTX\)/);
  });

  it('reports a config file that is not JSON in one line with exit 2, for every command that reads it', async () => {
    const env = configDir();
    writeFileSync(join(env.KOPILOT_CONFIG_DIR!, 'config.json'), '{"model": "granite3.1-dense:8b",');
    for (const args of [
      ['config', 'list'],
      ['config', 'set', 'model', 'granite3.1-dense:2b'],
      ['audit'],
      ['triage', '--alert', '-', '--no-model'],
    ]) {
      const result = await runKopilot(args, { env, input: ALERT, timeoutMs: 120_000 });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(
        `the config file ${join(env.KOPILOT_CONFIG_DIR!, 'config.json')} is not valid JSON`,
      );
    }
  });
});
