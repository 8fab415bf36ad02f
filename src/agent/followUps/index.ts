// The evidence-driven second round: findings of the first round (a FailedScheduling message, a crash after a
// rollout…) trigger bounded, parallel follow-up calls, made and shown like the playbook's own.
import type { ToolCallRequest } from '../events.js';
import type { ResolvedTarget } from '../playbooks/target.js';
import { callKey, type ToolResult } from '../toolRunner.js';
import { crashAfterRollout } from './crashAfterRollout.js';
import { hpaScaleTarget } from './hpaScaleTarget.js';
import { imagePullFailure } from './imagePullFailure.js';
import { schedulingFailure } from './schedulingFailure.js';
import type { FollowUpTrigger } from './trigger.js';

export const TRIGGERS: readonly FollowUpTrigger[] = [
  schedulingFailure,
  imagePullFailure,
  crashAfterRollout,
  hpaScaleTarget,
];

/** At most this many follow-up calls, so the first prompt stays small. */
export const MAX_FOLLOW_UPS = 3;

/** The follow-up calls the first round's results point at: new ones only, at most MAX_FOLLOW_UPS. */
export function planFollowUps(
  results: readonly ToolResult[],
  target: ResolvedTarget,
  triggers: readonly FollowUpTrigger[] = TRIGGERS,
): ToolCallRequest[] {
  const seen = new Set(results.map((r) => callKey(r.tool, r.arguments)));
  const planned: ToolCallRequest[] = [];
  for (const trigger of triggers) {
    for (const request of trigger.calls(results, target)) {
      const key = callKey(request.tool, request.arguments);
      if (seen.has(key)) continue;
      seen.add(key);
      planned.push(request);
    }
  }
  return planned.slice(0, MAX_FOLLOW_UPS);
}

/** Runs the second round in parallel through `callTool` (which emits the calls like any other). */
export async function secondRound(
  target: ResolvedTarget,
  results: readonly ToolResult[],
  callTool: (tool: string, args: Record<string, unknown>) => Promise<ToolResult>,
): Promise<ToolResult[]> {
  const planned = planFollowUps(results, target);
  return Promise.all(planned.map((request) => callTool(request.tool, request.arguments)));
}
