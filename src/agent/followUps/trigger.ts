// The contract of a second-round trigger: a finding of the first round and the read-only calls it points at.
import type { ToolArguments, ToolName } from '../../mcp/tools/index.js';
import type { ToolCallRequest } from '../events.js';
import type { ResolvedTarget } from '../playbooks/target.js';
import type { ToolResult } from '../toolRunner.js';

export interface FollowUpTrigger {
  name: string;
  /** The calls the first round's results point at; none when the finding is absent. */
  calls(results: readonly ToolResult[], target: ResolvedTarget): ToolCallRequest[];
}

/** One follow-up call, typed against the tool's input like a playbook step. */
export function call<T extends ToolName>(tool: T, args: ToolArguments<NoInfer<T>>): ToolCallRequest {
  return { tool, arguments: args as Record<string, unknown> };
}

/** All the text the first round saw (results' text), for message parsing. */
export function textOf(results: readonly ToolResult[], tools?: readonly ToolName[]): string {
  return results
    .filter((r) => r.ok && (!tools || (tools as readonly string[]).includes(r.tool)))
    .map((r) => r.text)
    .join('\n');
}

export function calledAlready(results: readonly ToolResult[], tool: ToolName): boolean {
  return results.some((r) => r.tool === tool && r.ok);
}
