import { describe, expect, it } from 'vitest';
import { formatAge } from '../../src/cluster/age.js';
import { closestNames } from '../../src/cluster/closestNames.js';
import { errorFromNetwork, errorFromStatus } from '../../src/cluster/clusterError.js';
import { TokenBucket } from '../../src/cluster/rateLimiter.js';
import { resourcePath, resourceType, RESOURCES } from '../../src/cluster/resources.js';
import { TtlCache } from '../../src/cluster/ttlCache.js';

describe('TtlCache', () => {
  it('shares one load among concurrent and repeated asks within the TTL, then loads again', async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>(5000, () => now);
    const load = async () => ++loads;
    const [a, b, c] = await Promise.all([
      cache.get('pods', load),
      cache.get('pods', load),
      cache.get('pods', load),
    ]);
    expect([a, b, c]).toEqual([1, 1, 1]);
    now = 4999;
    expect(await cache.get('pods', load)).toBe(1);
    now = 5000;
    expect(await cache.get('pods', load)).toBe(2);
    expect(cache.hits).toBe(3);
  });

  it('counts the TTL from when a slow load answered, not from when it started', async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>(5000, () => now);
    let finish: (value: number) => void = () => undefined;
    const first = cache.get('pods', () => new Promise<number>((resolve) => (finish = resolve)));
    now = 20_000; // the list of 30,000 pods took 20 s
    expect(cache.get('pods', async () => ++loads)).toBe(first);
    finish(1);
    await first;
    now = 24_000;
    expect(await cache.get('pods', async () => ++loads)).toBe(1);
    expect(loads).toBe(0);
  });

  it('does not keep a failed load', async () => {
    const cache = new TtlCache<number>(5000, () => 0);
    await expect(cache.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await Promise.resolve();
    expect(await cache.get('k', async () => 7)).toBe(7);
  });
});

describe('TokenBucket', () => {
  it('lets a burst through at once, then spaces requests at the QPS', async () => {
    let now = 0;
    const slept: number[] = [];
    const bucket = new TokenBucket(
      { qps: 10, burst: 3 },
      () => now,
      async (ms) => {
        slept.push(ms);
        now += ms;
      },
    );
    for (let i = 0; i < 5; i++) await bucket.take();
    // Three from the burst, then two waits of 100 ms each (10 per second).
    expect(slept.map(Math.round)).toEqual([100, 100]);
    now += 10_000;
    expect(bucket.available()).toBe(3);
  });

  it('rejects a limit that could never let a request through', () => {
    expect(() => new TokenBucket({ qps: 0, burst: 1 })).toThrow(/qps > 0/);
  });
});

describe('resources', () => {
  it('builds the REST paths kubectl would use and never reads Secrets', () => {
    expect(resourcePath(resourceType('core/pods'), 'production', 'webapp-123')).toBe(
      '/api/v1/namespaces/production/pods/webapp-123',
    );
    expect(resourcePath(resourceType('apps/deployments'), 'production')).toBe(
      '/apis/apps/v1/namespaces/production/deployments',
    );
    expect(resourcePath(resourceType('core/nodes'))).toBe('/api/v1/nodes');
    expect(resourcePath(resourceType('metrics.k8s.io/pods'), 'p')).toBe(
      '/apis/metrics.k8s.io/v1beta1/namespaces/p/pods',
    );
    expect(Object.keys(RESOURCES)).not.toContain('core/secrets');
    expect(() => resourceType('core/secrets')).toThrow(/does not read/);
  });
});

describe('errors the model can act on', () => {
  const request = {
    verb: 'list' as const,
    resource: 'pods',
    namespace: 'production',
    context: 'ro',
    server: 'https://k',
  };
  it('names the verb and resource of a 403', () => {
    const error = errorFromStatus(403, '{"message":"pods is forbidden"}', request);
    expect(error.reason).toBe('Forbidden');
    expect(error.message).toContain('may not list pods in namespace production');
    expect(error.message).toContain('kopilot mcp rbac');
  });
  it('says the server is unreachable, and where', () => {
    const error = errorFromNetwork(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), request);
    expect(error.reason).toBe('Unreachable');
    expect(error.message).toMatch(
      /cannot reach the Kubernetes API server at https:\/\/k \(context ro\): ECONNREFUSED/,
    );
  });
});

describe('closestNames', () => {
  it('suggests near names first', () => {
    expect(closestNames('webapp-12', ['webapp-123', 'webapp-456', 'db-0'])).toEqual([
      'webapp-123',
      'webapp-456',
    ]);
    expect(closestNames('wepapp', ['webapp', 'worker', 'db'])).toEqual(['webapp']);
    expect(closestNames('zzz', ['webapp'])).toEqual([]);
  });
});

describe('formatAge', () => {
  it('prints ages the way kubectl does', () => {
    expect(formatAge((4 * 60 + 32) * 60_000)).toBe('4h32m');
    expect(formatAge(45_000)).toBe('45s');
    expect(formatAge(3 * 60_000 + 12_000)).toBe('3m12s');
    expect(formatAge((2 * 24 + 3) * 3_600_000)).toBe('2d3h');
    expect(formatAge(-5)).toBe('0s');
  });
});
