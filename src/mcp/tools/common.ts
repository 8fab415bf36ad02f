// Input fields shared by tools, with descriptions the model reads. Names and namespaces are checked as the
// API server checks them, so an argument like ".." can never become a path that walks the API.
import { z } from 'zod';

/** At most 80 characters of what was given, quoted, so an error never echoes a megabyte back. */
const shown = (input: unknown): string => JSON.stringify(String(input).slice(0, 80));

const LABEL = '[a-z0-9](?:[-a-z0-9]*[a-z0-9])?';

const kubernetesNames = {
  /** RFC 1123 label: namespaces, container names. */
  label: {
    pattern: new RegExp(`^${LABEL}$`),
    max: 63,
    looksLike: "lowercase letters, digits and '-', starting and ending with a letter or digit",
  },
  /** RFC 1123 subdomain: most object names (pods, deployments, nodes…). */
  subdomain: {
    pattern: new RegExp(`^${LABEL}(?:\\.${LABEL})*$`),
    max: 253,
    looksLike:
      "lowercase letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit",
  },
} as const;

/** A Kubernetes name field whose error says what a valid name looks like. */
export function kubernetesName(rule: keyof typeof kubernetesNames, what: string, example: string) {
  const { pattern, max, looksLike } = kubernetesNames[rule];
  const valid = `a ${what} is ${looksLike}, at most ${max} characters, e.g. "${example}"`;
  return z
    .string()
    .min(1, { error: `empty ${what}: ${valid}` })
    .max(max, { error: `${what} too long: ${valid}` })
    .regex(pattern, { error: (issue) => `${shown(issue.input)} is not a valid ${what}: ${valid}` });
}

export const namespaceField = kubernetesName('label', 'namespace', 'production').describe(
  'Kubernetes namespace, e.g. "production"',
);

export const nameField = (what: string, example: string) =>
  kubernetesName('subdomain', `${what} name`, example).describe(`${what} name, e.g. "${example}"`);

export const containerField = kubernetesName('label', 'container name', 'webapp');

/** An object kind as the API spells it, e.g. "Pod", "Deployment". */
export const kindField = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[A-Za-z][A-Za-z0-9]*$/, {
    error: (issue) => `${shown(issue.input)} is not an object kind: letters and digits, e.g. "Pod"`,
  });

export const summaryField = z.string().describe('one-line answer');
