// The contract between who proposes (the model, the runbook rules) and who plans (src/actions): the one recommendation a triage ends in.
import { z } from 'zod';

export const recommendationTargetSchema = z.object({
  kind: z.string().describe('Kubernetes kind of the object to change, e.g. Deployment'),
  namespace: z.string().optional().describe('namespace of the object; absent for Nodes'),
  name: z.string().describe('name of the object'),
});

export const recommendationSchema = z.object({
  action: z.string().describe('one action type from the catalogue, e.g. increase_resources'),
  target: recommendationTargetSchema,
  parameters: z.record(z.string(), z.unknown()).describe('parameters of that action'),
  confidence: z.number().min(0).max(1),
  reasoning: z.string(),
  evidence: z.array(z.string()).describe('facts from the tool results the decision relies on'),
  alternatives: z
    .array(z.object({ action: z.string(), why_not: z.string() }))
    .describe('other actions considered and why they were not chosen'),
});

export type RecommendationTarget = z.infer<typeof recommendationTargetSchema>;
export type Recommendation = z.infer<typeof recommendationSchema>;
export type RecommendationSource = 'model' | 'rules';
