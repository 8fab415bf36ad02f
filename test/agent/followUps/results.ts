// First-round results as the tool runner returns them, for second-round trigger tests.
import type { ToolResult } from '../../../src/agent/toolRunner.js';

export function resultOf(
  tool: string,
  text: string,
  structured?: unknown,
  args: Record<string, unknown> = {},
): ToolResult {
  return {
    id: `call-${tool}`,
    tool,
    arguments: args,
    ok: true,
    text,
    structured,
    finding: text.split('\n')[0] ?? '',
    durationMs: 1,
    repeated: false,
  };
}
