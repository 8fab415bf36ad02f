// What one triage is asked to do (src/agent): the alert, the MCP client, the model and its limits, and the defaults.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Alert } from '../alerts/alert.js';
import type { Playbook } from './playbooks.js';

export interface TriageOptions {
  alert: Alert;
  /** An MCP client connected to kopilot's read-only tools. */
  mcp: Client;
  /** Skip the model: evidence and rules only. */
  noModel?: boolean;
  model?: string;
  ollamaHost?: string;
  numCtx?: number;
  temperature?: number;
  keepAlive?: string | number;
  /** Per model request. */
  modelTimeoutMs?: number;
  toolTimeoutMs?: number;
  /** Token budget asked of each tool result (default 250: five results fit a 2,500-token first prompt). */
  resultTokenBudget?: number;
  /** Model requests that may call tools (the last one must answer); default 4. */
  maxTurns?: number;
  /** Tool calls the model may make; default 6. */
  maxToolCalls?: number;
  /** Aborting cancels the model request and pending tool calls at once. */
  signal?: AbortSignal;
  playbooks?: Playbook[];
  /**
   * false: no evidence before the first model request, the model gathers its own (the plain tool-calling
   * loop eval's --no-prefetch measures). Rules always get the playbook's evidence.
   */
  prefetch?: boolean;
}

export const TRIAGE_DEFAULTS = {
  model: 'granite3.1-dense:8b',
  ollamaHost: 'http://127.0.0.1:11434',
  numCtx: 8192,
  temperature: 0.1,
  keepAlive: '5m',
  modelTimeoutMs: 120_000,
  toolTimeoutMs: 30_000,
  resultTokenBudget: 250,
  maxTurns: 4,
  maxToolCalls: 6,
} as const;
