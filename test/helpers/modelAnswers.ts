// Scripted model answers for the webapp memory incident: one beyond the policy's bound, one citing an invented fact.
import type { OllamaScript } from './scriptedOllama.js';

const webapp = { kind: 'Deployment', namespace: 'production', name: 'webapp' };

/** A real fact of the incident, as the tool results show it. */
export const REAL_FACT = 'memory 7.6Gi/8Gi (95%)';
/** A fact no tool result supports. */
export const INVENTED_FACT = 'memory 9.5Gi/8Gi (119%) on worker-07';

/** The model answers once with `answer` (an increase_resources on webapp with these parameters and evidence). */
export function answering(parameters: Record<string, unknown>, evidence: string[]): OllamaScript {
  return {
    // The same answer for every triage against this server.
    whenExhausted: 'repeat_last',
    turns: [
      {
        json: {
          action: 'increase_resources',
          target: webapp,
          parameters: { container: 'webapp', ...parameters },
          confidence: 0.9,
          reasoning: 'webapp-123 is at its memory limit.',
          evidence,
          alternatives: [],
        },
      },
    ],
  };
}

/** 8Gi → 32Gi: four times the limit, beyond the policy's ×2 bound on one change. */
export const beyondBound = () => answering({ memory_limit: '32Gi', memory_request: '24Gi' }, [REAL_FACT]);

/** A feasible change (8Gi → 12Gi) citing one real and one invented fact. */
export const citingInvented = () =>
  answering({ memory_limit: '12Gi', memory_request: '10Gi' }, [REAL_FACT, INVENTED_FACT]);
