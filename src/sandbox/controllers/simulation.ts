// The scenario's `simulation:` rules: how simulated containers behave (bad images, crashes, memory/CPU use).
import { z } from 'zod';

/** A Kubernetes quantity as written in manifests ("7.6Gi", "512Mi", "1200m", "2"). */
const quantity = z
  .string()
  .regex(/^[+]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/, {
    message: 'expected a Kubernetes quantity such as 512Mi, 7.6Gi, 250m or 2',
  });

/**
 * An image pattern: an exact image reference ("registry.example.com/webapp:2.4.1") or a pattern with
 * `*` wildcards ("*:bad-tag", "webapp:*-rc1"). A pattern without a registry also matches the image
 * behind any registry prefix ("webapp:2.4.1" matches "registry.example.com/team/webapp:2.4.1").
 */
const imagePattern = z.string().min(1);

export const crashRuleSchema = z
  .object({
    /** Containers running this image crash. */
    image: imagePattern,
    /** Only the container of this name (default: every container with the image). */
    container: z.string().min(1).optional(),
    exitCode: z.number().int().min(1).max(255).default(1),
    reason: z.string().min(1).default('Error'),
    /** Simulated seconds the container runs before it exits. */
    runSeconds: z.number().positive().max(3600).default(3),
  })
  .strict();

export const workloadUsageSchema = z
  .object({
    namespace: z.string().min(1),
    /** The Deployment, StatefulSet, DaemonSet or bare pod name; pods are matched through their owners. */
    name: z.string().min(1),
    kind: z.enum(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod']).optional(),
    /** The container whose usage this is (default: every container of the pod). */
    container: z.string().min(1).optional(),
    /** Working-set memory per pod; at or over the container's memory limit the container is OOMKilled. */
    memory: quantity.optional(),
    /** CPU usage per pod. */
    cpu: quantity.optional(),
  })
  .strict();

export const simulationSchema = z
  .object({
    /** Simulated seconds from scheduling to Running and Ready. */
    podStartSeconds: z.number().positive().max(600).default(1),
    /** Images the registry does not have: pulls fail with ErrImagePull, then ImagePullBackOff. */
    unavailableImages: z.array(imagePattern).default([]),
    /**
     * Images in a private registry: pulls are denied (ErrImagePull, then ImagePullBackOff) unless the pod names
     * image pull secrets that all exist.
     */
    privateImages: z.array(imagePattern).default([]),
    /** Images whose containers exit with an error: CrashLoopBackOff with rising restarts. */
    crashingImages: z.array(crashRuleSchema).default([]),
    /** Resource use of each workload's pods, shown in PodMetrics and checked against memory limits. */
    usage: z.array(workloadUsageSchema).default([]),
  })
  .strict();

/** The `simulation:` section as written in scenario.yaml. */
export type SimulationInput = z.input<typeof simulationSchema>;
/** The `simulation:` section with defaults filled in. */
export type Simulation = z.infer<typeof simulationSchema>;
export type CrashRule = z.infer<typeof crashRuleSchema>;
export type WorkloadUsage = z.infer<typeof workloadUsageSchema>;

/** The behaviour when a scenario has no `simulation:` section. */
export function defaultSimulation(): Simulation {
  return simulationSchema.parse({});
}

/** Whether an image reference matches a pattern of `unavailableImages`/`crashingImages`. */
export function imageMatches(pattern: string, image: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`);
  if (regex.test(image)) return true;
  if (pattern.includes('/')) return false;
  const slash = image.lastIndexOf('/');
  return slash >= 0 && regex.test(image.slice(slash + 1));
}

function escapeRegex(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
