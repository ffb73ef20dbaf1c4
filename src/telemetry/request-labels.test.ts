import { describe, expect, it } from 'vitest';
import { requestLabelsOf, routeLabelCache, statusClassOf } from './request-labels.js';

describe('requestLabelsOf', () => {
  it('labels a native operation by its template and stable name', () => {
    const config = { url: '/v1/phone-numbers/:id', operation: { name: 'numbers.get' as const, access: 'operator' as const } };
    expect(requestLabelsOf(config)).toEqual({ route: '/v1/phone-numbers/:id', surface: 'native', operation: 'numbers.get' });
  });

  it('labels a dialect route by its surface and the dialect\'s operation name', () => {
    const config = { url: '/v2/phone_numbers/:id', surface: 'telnyx', dialectOperation: 'phone_numbers.update' };
    expect(requestLabelsOf(config)).toEqual({ route: '/v2/phone_numbers/:id', surface: 'telnyx', operation: 'telnyx.phone_numbers.update' });
  });

  it('labels a route outside the API (probes, docs, /metrics) as other, and a path no route serves as unmatched', () => {
    expect(requestLabelsOf({ url: '/livez' })).toEqual({ route: '/livez', surface: 'other', operation: 'none' });
    expect(requestLabelsOf({})).toEqual({ route: 'unmatched', surface: 'other', operation: 'none' });
    expect(requestLabelsOf(undefined)).toEqual({ route: 'unmatched', surface: 'other', operation: 'none' });
  });

  it('computes a route\'s labels once and hands back the same object after', () => {
    const labelsOf = routeLabelCache();
    const config = { url: '/v1/phone-numbers' };
    expect(labelsOf(config)).toBe(labelsOf(config));
    expect(labelsOf({ url: '/v1/phone-numbers' })).not.toBe(labelsOf(config));
  });
});

describe('statusClassOf', () => {
  it('groups statuses by their hundreds', () => {
    expect([101, 200, 204, 302, 401, 404, 499, 500, 503].map(statusClassOf)).toEqual(['1xx', '2xx', '2xx', '3xx', '4xx', '4xx', '4xx', '5xx', '5xx']);
  });

  it('counts a status outside 100-599 as 5xx, so the label stays in a closed set', () => {
    expect([0, 99, 600, 999].map(statusClassOf)).toEqual(['5xx', '5xx', '5xx', '5xx']);
  });
});
