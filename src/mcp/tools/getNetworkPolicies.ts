// get_network_policies: which NetworkPolicies select a pod (or exist in a namespace) and what traffic they allow.
import { z } from 'zod';
import type { KubeObject } from '../../cluster/clusterClient.js';
import { fitToBudget, moreNote } from '../budget.js';
import { selectorMatches, selectorString } from '../podFacts.js';
import { renderFacts } from '../render.js';
import { defineTool } from '../tool.js';
import { kubernetesName, namespaceField, summaryField } from './common.js';

function peerText(peer: KubeObject): string {
  const parts: string[] = [];
  if (peer.ipBlock)
    parts.push(
      `ipBlock ${peer.ipBlock.cidr}${peer.ipBlock.except?.length ? ` except ${peer.ipBlock.except.join(',')}` : ''}`,
    );
  if (peer.namespaceSelector) parts.push(`namespaces ${selectorString(peer.namespaceSelector) || 'all'}`);
  if (peer.podSelector) parts.push(`pods ${selectorString(peer.podSelector) || 'all'}`);
  return parts.join(' + ') || 'anywhere';
}

function portsText(ports: KubeObject[] | undefined): string {
  if (!ports?.length) return 'all ports';
  return ports
    .map((p) => `${p.protocol ?? 'TCP'} ${p.port ?? 'any'}${p.endPort ? `-${p.endPort}` : ''}`)
    .join(', ');
}

function rulesText(
  rules: KubeObject[] | undefined,
  direction: 'from' | 'to',
  peersKey: 'from' | 'to',
): string[] {
  if (!rules) return [];
  if (rules.length === 0) return [`denies all (no ${direction === 'from' ? 'ingress' : 'egress'} rule)`];
  return rules.map((rule) => {
    const peers: KubeObject[] = rule[peersKey] ?? [];
    return `${direction} ${peers.length ? peers.map(peerText).join(' or ') : 'anywhere'} on ${portsText(rule.ports)}`;
  });
}

export const getNetworkPolicies = defineTool({
  name: 'get_network_policies',
  title: 'Network policies',
  description:
    'Use when a pod cannot reach or be reached (timeouts, connection refused, NetworkLatencyHigh): the ' +
    'NetworkPolicies that select the pod (or all in the namespace) and the ingress/egress they allow; a pod ' +
    'selected by a policy with no rule for a direction gets no traffic that way. ' +
    'Example: {"namespace": "production", "pod_name": "webapp-123"}',
  input: z.object({
    namespace: namespaceField,
    pod_name: kubernetesName('subdomain', 'Pod name', 'webapp-123')
      .optional()
      .describe('only policies that select this pod, e.g. "webapp-123"'),
  }),
  output: z.object({
    summary: summaryField,
    namespace: z.string(),
    pod: z.string().optional(),
    isolated_ingress: z.boolean().optional().describe('the pod only accepts traffic some policy allows'),
    isolated_egress: z.boolean().optional(),
    policies: z.array(
      z.object({
        name: z.string(),
        selects: z.string(),
        types: z.array(z.string()),
        ingress: z.array(z.string()),
        egress: z.array(z.string()),
      }),
    ),
    more: z.string().optional(),
  }),
  async run({ namespace, pod_name }, { cluster, budget }) {
    let policies = await cluster.list('networking.k8s.io/networkpolicies', { namespace });
    if (pod_name) {
      const pod = await cluster.get('core/pods', namespace, pod_name);
      policies = policies.filter((p) => selectorMatches(p.spec?.podSelector ?? {}, pod.metadata.labels));
    }
    const typesOf = (p: KubeObject): string[] =>
      p.spec?.policyTypes ?? (p.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress']);
    const rows = policies.map((p) => {
      const types = typesOf(p);
      return {
        name: p.metadata.name,
        selects: selectorString(p.spec?.podSelector) || 'all pods in the namespace',
        types,
        ingress: types.includes('Ingress') ? rulesText(p.spec?.ingress ?? [], 'from', 'from') : [],
        egress: types.includes('Egress') ? rulesText(p.spec?.egress ?? [], 'to', 'to') : [],
      };
    });
    const ingress = rows.some((r) => r.types.includes('Ingress'));
    const egress = rows.some((r) => r.types.includes('Egress'));
    const summary = pod_name
      ? rows.length
        ? `${rows.length} polic${rows.length === 1 ? 'y selects' : 'ies select'} ${pod_name}; ingress ${ingress ? 'restricted to what they allow' : 'open'}, egress ${egress ? 'restricted' : 'open'}`
        : `no NetworkPolicy selects ${pod_name}: all traffic to and from it is allowed`
      : `${rows.length} NetworkPolic${rows.length === 1 ? 'y' : 'ies'} in ${namespace}`;
    return fitToBudget(
      (limit) => {
        const shown = rows.slice(0, limit);
        return {
          summary,
          namespace,
          pod: pod_name,
          isolated_ingress: pod_name ? ingress : undefined,
          isolated_egress: pod_name ? egress : undefined,
          policies: shown,
          more: moreNote(rows.length, shown.length, 'pass pod_name to see only the policies that select it'),
        };
      },
      renderFacts,
      budget,
    );
  },
});
