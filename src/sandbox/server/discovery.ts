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

/** OpenAPI v3 discovery: one document per group/version, so kubectl finds server-side field validation. */
export function openapiV3Root(): Record<string, unknown> {
  const groupVersions = [{ name: '', version: 'v1' }, ...API_GROUPS];
  return {
    paths: Object.fromEntries(
      groupVersions.map((g) => {
        const path = g.name ? `apis/${g.name}/${g.version}` : `api/${g.version}`;
        return [path, { serverRelativeURL: `/openapi/v3/${path}?hash=sandbox` }];
      }),
    ),
  };
}

/**
 * The OpenAPI v3 document of a group/version: each writable resource's PATCH operation with its
 * group-version-kind and the `fieldValidation` query parameter (what kubectl checks before sending writes
 * with server-side validation). Schemas are not described.
 */
export function openapiV3Document(group: string, version: string): Record<string, unknown> | undefined {
  const types = resourcesOf(group, version);
  if (types.length === 0) return undefined;
  const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const paths: Record<string, unknown> = {};
  for (const type of types) {
    if (!type.verbs.includes('patch')) continue;
    const path = type.namespaced
      ? `${prefix}/namespaces/{namespace}/${type.plural}/{name}`
      : `${prefix}/${type.plural}/{name}`;
    paths[path] = {
      patch: {
        operationId: `patch${type.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group, version, kind: type.kind },
        parameters: [
          { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
        ],
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion },
    paths,
    components: { schemas: {} },
  };
}
