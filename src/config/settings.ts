// kopilot's settings: one zod schema, resolved as flags > environment (KOPILOT_*) > config file > defaults.
import Conf from 'conf';
import { z } from 'zod';
import { UsageError } from '../errors.js';

export const DEFAULT_PROTECTED_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', '*-system'];

export const settingsSchema = z.object({
  model: z.string().min(1).default('granite3.1-dense:8b'),
  ollamaHost: z.url().default('http://127.0.0.1:11434'),
  numCtx: z.number().int().min(1024).max(1_048_576).default(8192),
  temperature: z.number().min(0).max(2).default(0.1),
  keepAlive: z.string().default('5m'),
  modelTimeoutMs: z.number().int().min(1000).default(120_000),
  alertmanagerUrl: z.url().default('http://localhost:9093'),
  alertmanagerBearerToken: z.string().optional(),
  alertmanagerBasicAuth: z.string().optional().describe('user:password'),
  context: z.string().optional().describe('default kubeconfig context'),
  protectedNamespaces: z.array(z.string()).default(DEFAULT_PROTECTED_NAMESPACES),
  resultTokenBudget: z.number().int().min(100).max(4000).default(400),
  auditLogPath: z.string().optional(),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;

/** Environment variables for each setting, first match wins (KOPILOT_* before the ecosystem's own). */
const ENVIRONMENT: Partial<Record<SettingKey, string[]>> = {
  model: ['KOPILOT_MODEL'],
  ollamaHost: ['KOPILOT_OLLAMA_HOST', 'OLLAMA_HOST'],
  numCtx: ['KOPILOT_NUM_CTX'],
  temperature: ['KOPILOT_TEMPERATURE'],
  keepAlive: ['KOPILOT_KEEP_ALIVE'],
  modelTimeoutMs: ['KOPILOT_MODEL_TIMEOUT_MS'],
  alertmanagerUrl: ['KOPILOT_ALERTMANAGER_URL', 'ALERTMANAGER_URL'],
  alertmanagerBearerToken: ['KOPILOT_ALERTMANAGER_TOKEN'],
  alertmanagerBasicAuth: ['KOPILOT_ALERTMANAGER_BASIC_AUTH'],
  context: ['KOPILOT_CONTEXT'],
  protectedNamespaces: ['KOPILOT_PROTECTED_NAMESPACES'],
  resultTokenBudget: ['KOPILOT_RESULT_TOKEN_BUDGET'],
  auditLogPath: ['KOPILOT_AUDIT_LOG'],
};

export const SETTING_KEYS = Object.keys(settingsSchema.shape) as SettingKey[];

/** The config file, under the user's config folder; KOPILOT_CONFIG_DIR moves it (tests, portable setups). */
export function openConfigFile(env: NodeJS.ProcessEnv = process.env): Conf<Record<string, unknown>> {
  return new Conf<Record<string, unknown>>({
    projectName: 'kopilot',
    projectSuffix: '',
    cwd: env.KOPILOT_CONFIG_DIR,
    configName: 'config',
  });
}

/** Turns a setting's text (from the environment or `kopilot config set`) into its typed value. */
export function parseSettingValue(key: SettingKey, text: string): unknown {
  const field = settingsSchema.shape[key];
  const probe = field.safeParse(undefined);
  const example = probe.success ? probe.data : undefined;
  if (typeof example === 'number') return Number(text);
  if (Array.isArray(example) || key === 'protectedNamespaces') {
    return text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  return text;
}

export interface ResolveOptions {
  flags?: Partial<Settings>;
  env?: NodeJS.ProcessEnv;
  file?: Record<string, unknown>;
}

/** Resolves every setting with its precedence; an invalid value names its key, source and expected type. */
export function resolveSettings(options: ResolveOptions = {}): Settings {
  const env = options.env ?? process.env;
  const file = options.file ?? openConfigFile(env).store;
  const merged: Record<string, unknown> = {};
  const sourceOf: Record<string, string> = {};
  for (const key of SETTING_KEYS) {
    const flag = options.flags?.[key];
    const envName = ENVIRONMENT[key]?.find((name) => env[name] !== undefined && env[name] !== '');
    if (flag !== undefined) {
      merged[key] = flag;
      sourceOf[key] = 'flag';
    } else if (envName) {
      merged[key] = parseSettingValue(key, env[envName] as string);
      sourceOf[key] = `environment variable ${envName}`;
    } else if (file[key] !== undefined) {
      merged[key] = file[key];
      sourceOf[key] = 'config file';
    }
  }
  const result = settingsSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    throw new UsageError(
      `invalid setting ${key} (from ${sourceOf[key] ?? 'defaults'}): ${issue?.message ?? 'invalid value'}`,
    );
  }
  return result.data;
}
