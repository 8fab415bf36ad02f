// -n/--namespace as kubectl users mean it: only the alerts about objects in that namespace.
import { UsageError } from '../errors.js';
import type { Alert } from './alert.js';

const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The namespace as given, when it is one Kubernetes allows (an RFC 1123 label); a usage error otherwise. */
export function namespaceFlag(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (!NAMESPACE_NAME.test(name))
    throw new UsageError(`invalid -n/--namespace ${JSON.stringify(name)}: not a Kubernetes namespace name`);
  return name;
}

/** The alerts whose object is in the namespace; all of them without one. */
export function inNamespace(alerts: readonly Alert[], namespace: string | undefined): Alert[] {
  if (namespace === undefined) return [...alerts];
  return alerts.filter((alert) => (alert.target.namespace ?? alert.labels.namespace) === namespace);
}
