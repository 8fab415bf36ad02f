// The executor's event stream: one typed event per stage, consumed by the TUI and the audit command alike.
import type { PlanResult } from './planTypes.js';

export type ActionEvent =
  /** Nothing was sent: no approval, a wrong one, a refused plan, or a cancelled run. */
  | { type: 'refused'; planId: string; message: string }
  /** The target changed since planning (or the server answered 409): the plan was rebuilt; ask the human again. */
  | { type: 'conflict'; planId: string; message: string; rebuilt: PlanResult }
  | { type: 'dry_run'; planId: string; step: number; description: string; ok: boolean; message: string }
  | { type: 'applying'; planId: string; step: number; description: string; auditId: string }
  | { type: 'applied'; planId: string; step: number; description: string; message: string }
  | { type: 'verifying'; planId: string; message: string }
  | { type: 'verified'; planId: string; message: string }
  /** The writes went through but the result is not healthy; the inverse plan (itself to be approved) is offered. */
  | { type: 'verification_failed'; planId: string; message: string; inverse?: PlanResult }
  | {
      type: 'failed';
      planId: string;
      step?: number;
      /** HTTP status of the API server's refusal (403, 409, 422, 429…), when there was one. */
      status?: number;
      message: string;
      /** When earlier steps already changed something, the plan that undoes them. */
      inverse?: PlanResult;
    };

export type ActionEventType = ActionEvent['type'];
