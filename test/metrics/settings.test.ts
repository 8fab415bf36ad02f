// Where trends come from: prometheusUrl and its credentials from the environment or config, relabelled names.
import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/config/settings.js';
import { parseHeaders, prometheusFromSettings } from '../../src/metrics/prometheus.js';
import { buildQuery, expressionFromGeneratorUrl } from '../../src/metrics/questions.js';

describe('Prometheus settings', () => {
  it('has no client without a URL, so the tool says Prometheus is not configured', () => {
    expect(prometheusFromSettings(resolveSettings({ env: {}, file: {} }))).toBeUndefined();
  });

  it('takes the URL from KOPILOT_PROMETHEUS_URL over the config file, and relabelled names from config', () => {
    const settings = resolveSettings({
      env: {
        KOPILOT_PROMETHEUS_URL: 'http://prom.example:9090/prometheus',
        KOPILOT_PROMETHEUS_HEADERS: 'X-Scope-OrgID: team-a',
      },
      file: { prometheusUrl: 'http://other:9090', prometheusPodLabel: 'pod_name' },
    });
    const client = prometheusFromSettings(settings);
    expect(client?.displayUrl).toBe('http://prom.example:9090/prometheus');
    expect(client?.labels.pod).toBe('pod_name');
    expect(settings.prometheusHeaders).toEqual(['X-Scope-OrgID: team-a']);
  });

  it('refuses a URL that is not one, naming the setting', () => {
    expect(() => resolveSettings({ env: { KOPILOT_PROMETHEUS_URL: 'not a url' }, file: {} })).toThrow(
      /invalid setting prometheusUrl \(from environment variable KOPILOT_PROMETHEUS_URL\)/,
    );
    const settings = resolveSettings({ env: { KOPILOT_PROMETHEUS_URL: 'prom:9090' }, file: {} });
    expect(() => prometheusFromSettings(settings)).toThrow(
      'invalid Prometheus URL prom:9090: only http and https are supported',
    );
  });

  it('refuses a header without a colon, without printing a value', () => {
    expect(parseHeaders(['X-A: 1'])).toEqual({ 'x-a': '1' });
    expect(() => parseHeaders(['Authorization Bearer abc'])).toThrow(
      'invalid Prometheus header starting "Authorization": expected "Name: value"',
    );
  });
});

describe('named questions', () => {
  const labels = {
    namespace: 'kubernetes_namespace',
    pod: 'pod_name',
    container: 'container_name',
    node: 'instance',
  };

  it("use the setup's label names and quote values", () => {
    const query = buildQuery('container_memory', { namespace: 'prod', pod: 'web"1' }, labels);
    expect(query.expr).toBe(
      'max by (container_name) (container_memory_working_set_bytes{kubernetes_namespace="prod",pod_name="web\\"1",container_name!="",container_name!="POD"})',
    );
    expect(query.limitExpr).toContain(
      'kube_pod_container_resource_limits{kubernetes_namespace="prod",pod_name="web\\"1",resource="memory"}',
    );
  });

  it("read the expression from an alert's generatorURL", () => {
    expect(expressionFromGeneratorUrl('http://prom:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1')).toBe('up == 0');
    expect(expressionFromGeneratorUrl('http://prom:9090/graph')).toBeUndefined();
    expect(expressionFromGeneratorUrl('not a url')).toBeUndefined();
  });
});
