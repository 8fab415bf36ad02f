// The least-privilege RBAC for running the MCP server in a cluster: get/list/watch on exactly what the tools
// read (from the resource table), never Secrets, plus pods/log.
import { stringify } from 'yaml';
import { RESOURCES } from '../cluster/resources.js';

export function rbacManifests(
  name = 'kopilot-readonly',
  serviceAccount = { name: 'kopilot', namespace: 'kopilot' },
): string {
  const byGroup = new Map<string, Set<string>>();
  for (const resource of Object.values(RESOURCES)) {
    const set = byGroup.get(resource.group) ?? new Set<string>();
    set.add(resource.plural);
    byGroup.set(resource.group, set);
  }
  const rules: Array<Record<string, unknown>> = [...byGroup]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([group, plurals]) => ({
      apiGroups: [group],
      resources: [...plurals].sort(),
      verbs: ['get', 'list', 'watch'],
    }));
  rules.push({ apiGroups: [''], resources: ['pods/log'], verbs: ['get'] });
  const role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels: { 'app.kubernetes.io/name': 'kopilot' } },
    rules,
  };
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: { 'app.kubernetes.io/name': 'kopilot' } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name: serviceAccount.name, namespace: serviceAccount.namespace }],
  };
  const account = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: serviceAccount.name, namespace: serviceAccount.namespace },
  };
  return [
    '# kopilot MCP server: read-only access to what its tools read. No Secrets, no writes.',
    stringify(account).trimEnd(),
    '---',
    stringify(role).trimEnd(),
    '---',
    stringify(binding).trimEnd(),
    '',
  ].join('\n');
}
