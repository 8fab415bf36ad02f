// The text tool-call protocol for models without native tool calling: <tool_call>{"name":…,"arguments":{…}}</tool_call>.
import type { ModelToolCall } from './modelClient.js';

export interface ParsedToolCalls {
  calls: ModelToolCall[];
  /** Blocks that were there but could not be read, with why. */
  errors: string[];
}

const BLOCK = /<tool_call>\s*([\s\S]*?)\s*(?:<\/tool_call>|$)/g;

export function parseTextToolCalls(text: string): ParsedToolCalls {
  const calls: ModelToolCall[] = [];
  const errors: string[] = [];
  for (const match of text.matchAll(BLOCK)) {
    const body = (match[1] ?? '').replace(/^```(?:json)?\s*|\s*```$/g, '');
    try {
      const parsed = JSON.parse(body) as { name?: unknown; arguments?: unknown; parameters?: unknown };
      if (typeof parsed.name !== 'string' || parsed.name === '') {
        errors.push('a <tool_call> block has no "name"');
        continue;
      }
      calls.push({ name: parsed.name, arguments: parsed.arguments ?? parsed.parameters ?? {} });
    } catch {
      errors.push(`a <tool_call> block is not valid JSON: ${body.slice(0, 80)}`);
    }
  }
  return { calls, errors };
}

/** The first JSON object in a model's text (bare or inside a ```json fence), or undefined. */
export function extractJsonObject(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text);
  const candidates = [fenced?.[1], text];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const start = candidate.indexOf('{');
    const end = candidate.lastIndexOf('}');
    if (start < 0 || end <= start) continue;
    try {
      return JSON.parse(candidate.slice(start, end + 1));
    } catch {
      // not JSON; try the next candidate
    }
  }
  return undefined;
}

/** A bare JSON tool call in the text ({"name":"get_pod_logs","arguments":{…}}), which is not an answer. */
export function toolCallInJson(text: string): ModelToolCall | undefined {
  const json = extractJsonObject(text) as
    | {
        name?: unknown;
        arguments?: unknown;
        parameters?: unknown;
        function?: { name?: unknown; arguments?: unknown };
      }
    | undefined;
  if (!json || typeof json !== 'object' || 'action' in json) return undefined;
  const call = json.function && typeof json.function === 'object' ? json.function : json;
  if (typeof call.name !== 'string' || call.name === '') return undefined;
  const args =
    (call as { arguments?: unknown }).arguments ?? (json as { parameters?: unknown }).parameters ?? {};
  return { name: call.name, arguments: args };
}

/** A tool call's arguments as an object (models also send them as a JSON string), or undefined. */
export function asArgs(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
