// The patch formats and selector grammar on their own: the shapes kubectl sends, and the malformed ones it rejects.
import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../../src/sandbox/server/patch.js';
import {
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from '../../../src/sandbox/server/selectors.js';
import { ApiError } from '../../../src/sandbox/server/status.js';

const deployment = {
  metadata: { name: 'webapp', labels: { app: 'webapp' }, finalizers: ['a'] },
  spec: {
    template: {
      spec: {
        containers: [
          {
            name: 'webapp',
            image: 'webapp:1',
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
          },
          { name: 'sidecar', image: 'envoy:1' },
        ],
        tolerations: [{ key: 'x', operator: 'Exists' }],
      },
    },
  },
};

describe('strategic merge patch', () => {
  it('merges containers and env by name, replaces lists without a merge key, merges finalizers as a set', () => {
    const out = applyPatch('strategic', deployment, {
      metadata: { finalizers: ['b'] },
      spec: {
        template: {
          spec: {
            containers: [{ name: 'webapp', image: 'webapp:2', env: [{ name: 'B', value: 'two' }] }],
            tolerations: [{ key: 'y', operator: 'Exists' }],
          },
        },
      },
    }) as typeof deployment;
    const [webapp, sidecar] = out.spec.template.spec.containers;
    expect(webapp).toEqual({
      name: 'webapp',
      image: 'webapp:2',
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: 'two' },
      ],
    });
    expect(sidecar).toEqual({ name: 'sidecar', image: 'envoy:1' });
    expect(out.spec.template.spec.tolerations).toEqual([{ key: 'y', operator: 'Exists' }]);
    expect(out.metadata.finalizers).toEqual(['a', 'b']);
    expect(deployment.spec.template.spec.containers[0]?.image).toBe('webapp:1');
  });

  it('honours $patch: delete, $setElementOrder and null deletes, as kubectl apply/edit send them', () => {
    const out = applyPatch('strategic', deployment, {
      metadata: { labels: { app: null } },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'webapp' }],
            containers: [{ name: 'sidecar', $patch: 'delete' }],
          },
        },
      },
    }) as typeof deployment;
    expect(out.spec.template.spec.containers.map((c) => c.name)).toEqual(['webapp']);
    expect(out.metadata.labels).toEqual({});
  });
});

describe('JSON patch and merge patch', () => {
  it('applies add/replace/remove/test in order, as kubectl rollout undo does', () => {
    const out = applyPatch('json', deployment, [
      { op: 'test', path: '/metadata/name', value: 'webapp' },
      { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'webapp:0' },
      { op: 'add', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '3' } },
      { op: 'remove', path: '/spec/template/spec/containers/1' },
    ]) as typeof deployment & { metadata: { annotations: Record<string, string> } };
    expect(out.spec.template.spec.containers).toEqual([
      { ...deployment.spec.template.spec.containers[0], image: 'webapp:0' },
    ]);
    expect(out.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '3' });
  });

  it('rejects a failing test and a path that does not exist', () => {
    expect(() =>
      applyPatch('json', deployment, [{ op: 'test', path: '/metadata/name', value: 'other' }]),
    ).toThrow(ApiError);
    expect(() =>
      applyPatch('json', deployment, [{ op: 'replace', path: '/spec/replicas', value: 2 }]),
    ).toThrow(/missing/);
    expect(() => applyPatch('json', deployment, { op: 'add' })).toThrow(/array/);
  });

  it('merge patch replaces lists whole and deletes null fields', () => {
    const out = applyPatch('merge', deployment, {
      spec: { template: { spec: { containers: [{ name: 'only', image: 'x' }] } } },
      metadata: { labels: null },
    }) as typeof deployment;
    expect(out.spec.template.spec.containers).toEqual([{ name: 'only', image: 'x' }]);
    expect('labels' in out.metadata).toBe(false);
  });
});

describe('selectors', () => {
  it('parses the label selector grammar', () => {
    const selector = parseLabelSelector('app=webapp,tier in (web, api),!canary,env!=dev,release');
    expect(matchesLabels(selector, { app: 'webapp', tier: 'api', env: 'prod', release: '7' })).toBe(true);
    expect(
      matchesLabels(selector, { app: 'webapp', tier: 'api', env: 'prod', release: '7', canary: 'y' }),
    ).toBe(false);
    expect(matchesLabels(selector, { app: 'webapp', tier: 'db', env: 'prod', release: '7' })).toBe(false);
    expect(matchesLabels(parseLabelSelector('tier notin (db)'), {})).toBe(true);
  });

  it.each(['=x', 'app in (a', 'a b', 'app==-bad-', 'app>x'])('rejects %j as 400 BadRequest', (text) => {
    expect(() => parseLabelSelector(text)).toThrow(ApiError);
    try {
      parseLabelSelector(text);
    } catch (error) {
      expect((error as ApiError).code).toBe(400);
    }
  });

  it('treats an empty value as a value: app= selects app=""', () => {
    expect(matchesLabels(parseLabelSelector('app='), { app: '' })).toBe(true);
    expect(matchesLabels(parseLabelSelector('app='), { app: 'webapp' })).toBe(false);
  });

  it('accepts the field selectors each resource supports and refuses others', () => {
    expect(parseFieldSelector('spec.nodeName=worker-02,status.phase!=Succeeded', 'core/pods')).toHaveLength(
      2,
    );
    expect(parseFieldSelector('involvedObject.uid=abc', 'core/events')).toHaveLength(1);
    expect(() => parseFieldSelector('spec.nodeName=x', 'core/nodes')).toThrow(
      'field label not supported: spec.nodeName',
    );
  });
});
