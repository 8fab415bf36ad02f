// Runs read-only MCP tool calls for a triage: fits arguments to each tool's schema (refusing unknown ones), reuses
// identical calls, times them.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

export interface ToolResult {
  id: string;
  tool: string;
  arguments: Record<string, unknown>;
  ok: boolean;
  /** The result's text as the model sees it. */
  text: string;
  structured?: unknown;
  /** One line for the list of calls. */
  finding: string;
  durationMs: number;
  /** True when an identical earlier call's result was reused. */
  repeated: boolean;
}

interface ToolInfo {
  name: string;
  description: string;
  properties: Record<string, unknown>;
  required: string[];
}

/** Arguments the engine sets itself; a model's values for them are ignored. */
const ENGINE_ARGUMENTS = new Set(['token_budget', 'context']);

/** Argument names a small model (or a playbook) may use for the same thing. */
const ALIASES: Record<string, string[]> = {
  pod_name: ['pod', 'name', 'pod_name'],
  pod: ['pod_name', 'name'],
  node_name: ['node', 'name', 'node_name'],
  node: ['node_name', 'name'],
  deployment: ['workload', 'name', 'deployment_name'],
  workload: ['deployment', 'name', 'workload_name'],
  name: ['pod_name', 'node_name', 'deployment', 'workload', 'hpa_name', 'pvc_name', 'pdb_name'],
  hpa_name: ['name', 'hpa'],
  involved_object: ['name', 'object', 'involved_object_name'],
  tail: ['tail_lines', 'lines'],
  tail_lines: ['tail', 'lines'],
};

export function firstLine(text: string, max = 160): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const trimmed = line.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max - 1)}…` : trimmed;
}

/** The one-line summary a kopilot tool puts in its structured result, when there is one. */
function summaryOf(structured: unknown): string | undefined {
  const summary = (structured as { summary?: unknown } | undefined)?.summary;
  return typeof summary === 'string' && summary.trim() !== '' ? summary : undefined;
}

export function callKey(tool: string, args: Record<string, unknown>): string {
  const sorted = Object.keys(args)
    .sort()
    .map((k) => [k, args[k]]);
  return JSON.stringify([tool, sorted]);
}

export class ToolRunner {
  private tools = new Map<string, ToolInfo>();
  private results = new Map<string, Promise<ToolResult>>();
  private nextId = 1;

  constructor(
    private readonly client: Client,
    private readonly signal: AbortSignal,
    private readonly timeoutMs = 30_000,
    /** Token budget asked of every result (the tools' token_budget), so evidence fits a small model's context. */
    private readonly tokenBudget?: number,
  ) {}

  async load(): Promise<void> {
    const listed = await this.client.listTools(undefined, { signal: this.signal });
    for (const tool of listed.tools) {
      const schema = tool.inputSchema as { properties?: Record<string, unknown>; required?: string[] };
      this.tools.set(tool.name, {
        name: tool.name,
        description: tool.description ?? '',
        properties: schema.properties ?? {},
        required: schema.required ?? [],
      });
    }
  }

  has(tool: string): boolean {
    return this.tools.has(tool);
  }

  toolNames(): string[] {
    return [...this.tools.keys()];
  }

  info(tool: string): ToolInfo | undefined {
    return this.tools.get(tool);
  }

  /**
   * Renames arguments to the tool's own names where an alias matches. An argument the tool does not take is
   * returned in `unknown`, never dropped: the call is answered with an error naming the valid ones.
   */
  fitArguments(
    tool: string,
    args: Record<string, unknown>,
  ): { fitted: Record<string, unknown>; unknown: string[] } {
    const info = this.tools.get(tool);
    if (!info) return { fitted: args, unknown: [] };
    const fitted: Record<string, unknown> = {};
    const unknown: string[] = [];
    for (const [key, value] of Object.entries(args)) {
      if (key in info.properties && !ENGINE_ARGUMENTS.has(key)) fitted[key] = value;
    }
    for (const [key, value] of Object.entries(args)) {
      if (key in info.properties || ENGINE_ARGUMENTS.has(key)) continue;
      const target = Object.keys(info.properties).find(
        (prop) => !(prop in fitted) && (ALIASES[prop]?.includes(key) ?? false),
      );
      if (target) fitted[target] = value;
      else unknown.push(key);
    }
    return { fitted, unknown };
  }

  newId(): string {
    return `call-${this.nextId++}`;
  }

  /** Whether an identical call has been made already (its result would be reused). */
  isRepeat(tool: string, args: Record<string, unknown>): boolean {
    return this.results.has(callKey(tool, this.fitArguments(tool, args).fitted));
  }

  /** Calls a tool once per distinct argument set; an identical call gets the first result, marked repeated. */
  async call(id: string, tool: string, rawArgs: Record<string, unknown>): Promise<ToolResult> {
    const { fitted: args, unknown } = this.fitArguments(tool, rawArgs);
    if (unknown.length > 0) return this.refuseUnknown(id, tool, rawArgs, unknown);
    const key = callKey(tool, args);
    const earlier = this.results.get(key);
    if (earlier) {
      const first = await earlier;
      return { ...first, id, repeated: true, durationMs: 0 };
    }
    const pending = this.invoke(id, tool, args);
    this.results.set(key, pending);
    return pending;
  }

  private refuseUnknown(
    id: string,
    tool: string,
    args: Record<string, unknown>,
    unknown: string[],
  ): ToolResult {
    const info = this.tools.get(tool);
    const valid = Object.keys(info?.properties ?? {}).filter((name) => !ENGINE_ARGUMENTS.has(name));
    const required = (info?.required ?? []).filter((name) => !ENGINE_ARGUMENTS.has(name));
    const names = unknown.map((name) => JSON.stringify(firstLine(name, 60))).join(', ');
    const text =
      `error: ${tool} takes no argument ${names}; its arguments are ${valid.join(', ')}` +
      (required.length ? ` (required: ${required.join(', ')})` : '') +
      '. Call it again with those names.';
    return {
      id,
      tool,
      arguments: args,
      ok: false,
      text,
      finding: `error: unknown argument ${names} for ${tool}`,
      durationMs: 0,
      repeated: false,
    };
  }

  private async invoke(id: string, tool: string, args: Record<string, unknown>): Promise<ToolResult> {
    const started = Date.now();
    const base = { id, tool, arguments: args, repeated: false };
    if (!this.tools.has(tool)) {
      const text = `error: there is no tool named ${tool}; the tools are: ${this.toolNames().join(', ')}`;
      return { ...base, ok: false, text, finding: `unknown tool ${tool}`, durationMs: 0 };
    }
    try {
      const budget =
        this.tokenBudget !== undefined && 'token_budget' in (this.tools.get(tool)?.properties ?? {})
          ? { token_budget: this.tokenBudget }
          : {};
      const result = await this.client.callTool(
        { name: tool, arguments: { ...args, ...budget } },
        undefined,
        {
          signal: this.signal,
          timeout: this.timeoutMs,
        },
      );
      const content = (result.content ?? []) as Array<{ type: string; text?: string }>;
      const text = content
        .filter((part) => part.type === 'text' && typeof part.text === 'string')
        .map((part) => part.text as string)
        .join('\n')
        .trim();
      const ok = result.isError !== true;
      const shown =
        text || (result.structuredContent ? JSON.stringify(result.structuredContent) : '(empty result)');
      return {
        ...base,
        ok,
        text: shown,
        structured: result.structuredContent,
        finding: ok ? firstLine(summaryOf(result.structuredContent) ?? shown) : `error: ${firstLine(shown)}`,
        durationMs: Date.now() - started,
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        ...base,
        ok: false,
        text: `error: ${message}`,
        finding: `error: ${firstLine(message)}`,
        durationMs: Date.now() - started,
      };
    }
  }
}
