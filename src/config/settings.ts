// kopilot's settings: one zod schema, resolved as flags > environment (KOPILOT_*) > config file > defaults.
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { readConfigFile } from './configFile.js';

export const DEFAULT_PROTECTED_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', '*-system'];

/** The longest wait a Node timer can hold (2^31−1 ms, about 24.8 days); a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

/** A duration setting in milliseconds, bounded so a timer never overflows. */
const milliseconds = (min: number) => z.number().int().min(min).max(MAX_TIMER_MS);

export const settingsSchema = z.object({
  model: z.string().min(1).default('granite3.1-dense:8b'),
  ollamaHost: z.url().default('http://127.0.0.1:11434'),
  numCtx: z.number().int().min(1024).max(1_048_576).default(8192),
  temperature: z.number().min(0).max(2).default(0.1),
  keepAlive: z.string().default('5m'),
  modelTimeoutMs: milliseconds(1000).default(120_000),
  alertmanagerUrl: z.url().default('http://localhost:9093'),
  alertmanagerBearerToken: z.string().optional(),
  alertmanagerBasicAuth: z.string().optional().describe('user:password'),
  context: z.string().optional().describe('default kubeconfig context'),
  protectedNamespaces: z.array(z.string()).default(DEFAULT_PROTECTED_NAMESPACES),
  resultTokenBudget: z.number().int().min(100).max(4000).default(400),
  auditLogPath: z.string().optional(),
  prometheusUrl: z.url().optional().describe('where trends are read; unset: no trends'),
  prometheusBearerToken: z.string().optional(),
  prometheusBasicAuth: z.string().optional().describe('user:password'),
  prometheusCaFile: z.string().optional().describe('PEM file of the CA that signed Prometheus'),
  prometheusHeaders: z.array(z.string()).default([]).describe('extra headers, "Name: value"'),
  prometheusTimeoutMs: z.number().int().min(100).max(120_000).default(5000),
  prometheusNamespaceLabel: z.string().min(1).default('namespace'),
  prometheusPodLabel: z.string().min(1).default('pod'),
  prometheusContainerLabel: z.string().min(1).default('container'),
  prometheusNodeLabel: z.string().min(1).default('node'),
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
  prometheusUrl: ['KOPILOT_PROMETHEUS_URL'],
  prometheusBearerToken: ['KOPILOT_PROMETHEUS_TOKEN'],
  prometheusBasicAuth: ['KOPILOT_PROMETHEUS_BASIC_AUTH'],
  prometheusCaFile: ['KOPILOT_PROMETHEUS_CA_FILE'],
  prometheusHeaders: ['KOPILOT_PROMETHEUS_HEADERS'],
  prometheusTimeoutMs: ['KOPILOT_PROMETHEUS_TIMEOUT_MS'],
};

/** Never printed back: `kopilot config` shows them as ********, and errors leave their values out. */
export const SECRET_SETTING_KEYS: SettingKey[] = [
  'alertmanagerBearerToken',
  'alertmanagerBasicAuth',
  'prometheusBearerToken',
  'prometheusBasicAuth',
  'prometheusHeaders',
];

export const SETTING_KEYS = Object.keys(settingsSchema.shape) as SettingKey[];

/** Turns a setting's text (from the environment or `kopilot config set`) into its typed value. */
export function parseSettingValue(key: SettingKey, text: string): unknown {
  const field = settingsSchema.shape[key];
  const probe = field.safeParse(undefined);
  const example = probe.success ? probe.data : undefined;
  if (typeof example === 'number') return Number(text);
  if (Array.isArray(example) || key === 'protectedNamespaces' || key === 'prometheusHeaders') {
    return text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  return text;
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
    const unit = key.endsWith('Ms') ? ' (milliseconds; timers cannot wait longer than about 24.8 days)' : '';
    if (min !== undefined && max !== undefined) return `${noun} from ${String(min)} to ${String(max)}${unit}`;
    if (min !== undefined) return `${noun} of at least ${String(min)}`;
    return noun;
  }
  if (type === 'array') return 'a comma-separated list';
  if (schema?.format === 'uri') return 'a URL such as http://host:port';
  if (key === 'alertmanagerBasicAuth' || key === 'prometheusBasicAuth') return 'user:password';
  return 'a non-empty string';
}

export interface ResolveOptions {
  flags?: Partial<Settings>;
  env?: NodeJS.ProcessEnv;
  /** The config file's contents; read from disk by `loadSettings` when absent. */
  file?: Record<string, unknown>;
}

/** Reads the config file (unless given) and resolves the settings. */
export function loadSettings(options: ResolveOptions = {}): Settings {
  return resolveSettings({ ...options, file: options.file ?? readConfigFile(options.env ?? process.env) });
}

/** Resolves every setting with its precedence; an invalid value names its key, source and expected type. */
export function resolveSettings(options: ResolveOptions & { file: Record<string, unknown> }): Settings {
  const env = options.env ?? process.env;
  const file = options.file;
  const merged: Record<string, unknown> = {};
  const sourceOf: Record<string, string> = {};
  const given: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const flag = options.flags?.[key];
    const envName = ENVIRONMENT[key]?.find((name) => env[name] !== undefined && env[name] !== '');
    if (flag !== undefined) {
      merged[key] = flag;
      sourceOf[key] = 'flag';
    } else if (envName) {
      given[key] = env[envName];
      merged[key] = parseSettingValue(key, env[envName] as string);
      sourceOf[key] = `environment variable ${envName}`;
    } else if (file[key] !== undefined) {
      merged[key] = file[key];
      sourceOf[key] = 'config file';
    }
  }
  const result = settingsSchema.safeParse(merged);
  if (!result.success) {
    // The schema is one object of known keys, so the first issue's path starts with the setting's key.
    const key = result.error.issues[0]?.path[0] as SettingKey;
    const got = SECRET_SETTING_KEYS.includes(key) ? '' : `, got ${JSON.stringify(given[key] ?? merged[key])}`;
    throw new UsageError(
      `invalid setting ${key} (from ${sourceOf[key] ?? 'defaults'}): expected ${expectedType(key)}${got}`,
    );
  }
  return result.data;
}
