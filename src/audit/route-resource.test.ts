import { describe, expect, it } from 'vitest';
import { resourceOfRoute } from './route-resource.js';

describe('resourceOfRoute', () => {
  it('names the last parameter that follows a known collection', () => {
    expect(resourceOfRoute('/v1/phone-numbers/:id', { id: 'abc' })).toEqual({ type: 'phone_number', id: 'abc' });
    expect(resourceOfRoute('/v1/phone-numbers/:id/billing-records', { id: 'abc' })).toEqual({ type: 'phone_number', id: 'abc' });
    expect(resourceOfRoute('/v1/organizations/:id/api-keys/:key_id', { id: 'o', key_id: 'k' })).toEqual({ type: 'api_key', id: 'k' });
    expect(resourceOfRoute('/2010-04-01/Accounts/:AccountSid/IncomingPhoneNumbers/:Sid', { AccountSid: 'AC1', Sid: 'PN1.json' })).toEqual({
      type: 'phone_number',
      id: 'PN1.json',
    });
    expect(resourceOfRoute('/v2/number_orders/:number_order_id', { number_order_id: 'x' })).toEqual({ type: 'number_order', id: 'x' });
    expect(resourceOfRoute('/v2/phone_numbers/csv_downloads/:id/file', { id: 'd' })).toEqual({ type: 'csv_download', id: 'd' });
  });

  it('names none for a route without an id, or a parameter after no collection', () => {
    expect(resourceOfRoute('/v1/phone-numbers', {})).toBeNull();
    expect(resourceOfRoute('/v1/audit-log', undefined)).toBeNull();
    expect(resourceOfRoute('/2010-04-01/Accounts/:AccountSid/AvailablePhoneNumbers/:Country/:Type', { AccountSid: 'AC1', Country: 'US', Type: 'Local' })).toEqual({
      type: 'account',
      id: 'AC1',
    });
    expect(resourceOfRoute('/x/constructor/:id', { id: '1' })).toBeNull();
  });
});
