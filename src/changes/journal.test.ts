import { describe, expect, it } from 'vitest';
import { auditChanges, changesBetween, previousAttributes, REDACTED } from './journal.js';

describe('previousAttributes', () => {
  it('gives each changed field as it was, nested values compared whole, ignored fields left out', () => {
    const before = { name: 'a', tags: ['x'], voice: { url: 'https://a' }, same: { k: 1 }, count: 1, gone: null, updated_at: 't1' };
    const after = { name: 'b', tags: ['x'], voice: { url: 'https://b' }, same: { k: 1 }, count: 1, gone: 0, updated_at: 't2' };
    expect(previousAttributes(before, after, ['updated_at'])).toEqual({ name: 'a', voice: { url: 'https://a' }, gone: null });
  });

  it('tells a field new to the resource as null before', () => {
    expect(previousAttributes({ kept: 1 }, { kept: 1, added: 'yes' })).toEqual({ added: null });
  });
});

describe('changesBetween', () => {
  it('shows each changed field from and to, secrets redacted, booleans about secrets kept', () => {
    expect(
      changesBetween(
        { url: 'https://a', secret: 'whsec_1', enabled: true, pin_set: false, external_pin: null },
        { url: 'https://b', secret: 'whsec_2', enabled: true, pin_set: true, external_pin: '1234' },
      ),
    ).toEqual({
      url: { from: 'https://a', to: 'https://b' },
      secret: { from: REDACTED, to: REDACTED },
      pin_set: { from: false, to: true },
      external_pin: { from: null, to: REDACTED },
    });
  });
});

describe('auditChanges', () => {
  const note = (previousAttributes: Record<string, unknown> | null) => ({
    organizationId: 'org',
    type: 'phone_number.updated' as const,
    resourceId: 'n1',
    data: { friendly_name: 'Now', external_pin_set: true },
    previousAttributes,
  });

  it('pairs each previous attribute with its value now', () => {
    expect(auditChanges(note({ friendly_name: 'Then' }))).toEqual({ friendly_name: { from: 'Then', to: 'Now' } });
  });

  it('shows a secret the resource never shows, replaced, as redacted both ways', () => {
    expect(auditChanges(note({ external_pin: REDACTED }))).toEqual({ external_pin: { from: REDACTED, to: REDACTED } });
  });

  it('has nothing to show for a resource that is new', () => {
    expect(auditChanges(note(null))).toBeNull();
  });
});
