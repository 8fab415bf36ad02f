// Discovery documents: /version, /api, /apis, /api/v1 and /apis/<group>/<version>, plain (non-aggregated) JSON.
import { API_GROUPS, resourcesOf, type ResourceType } from './resources.js';

export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-kopilot-sandbox',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupEntry(group: { name: string; version: string }): Record<string, unknown> {
  const gv = { groupVersion: `${group.name}/${group.version}`, version: group.version };
  return { name: group.name, versions: [gv], preferredVersion: gv };
}

export function apiGroupList(): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: API_GROUPS.map(groupEntry) };
}

export function apiGroup(name: string): Record<string, unknown> | undefined {
  const group = API_GROUPS.find((g) => g.name === name);
  return group ? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group) } : undefined;
}

function describe(type: ResourceType): Array<Record<string, unknown>> {
  const main: Record<string, unknown> = {
    name: type.plural,
    singularName: type.singular,
    namespaced: type.namespaced,
    kind: type.kind,
    verbs: type.verbs,
    ...(type.shortNames ? { shortNames: type.shortNames } : {}),
    ...(type.categories ? { categories: type.categories } : {}),
  };
  const subs = type.subresources.map((sub) => ({
    name: `${type.plural}/${sub.name}`,
    singularName: '',
    namespaced: type.namespaced,
    ...(sub.group !== undefined ? { group: sub.group, version: sub.version } : {}),
    kind: sub.kind,
    verbs: sub.verbs,
  }));
  return [main, ...subs];
}

/** The APIResourceList of one group/version, or undefined when the sandbox does not serve it. */
export function apiResourceList(group: string, version: string): Record<string, unknown> | undefined {
  const types = resourcesOf(group, version);
  if (types.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: types.flatMap(describe),
  };
}
