import { describe, expect, it } from 'vitest';
import { assertCallbackUrls, isCallbackUrl } from './routing.js';

describe('callback URLs', () => {
  it('are absolute http or https URLs, as every surface schema reads them', () => {
    for (const url of ['https://example.com/calls', 'http://example.com:8080/x?y=1&z=%20', 'https://myapplication/handle_relay_callbacks']) {
      expect(isCallbackUrl(url), url).toBe(true);
    }
    for (const url of ['', 'not a url', '/calls', 'javascript:alert(1)', 'ftp://example.com/x', 'https://exa mple.com', 'https://example.com/%zz', 'https://example.com/"x"', `https://example.com/${'a'.repeat(2000)}`]) {
      expect(isCallbackUrl(url), url).toBe(false);
    }
  });

  it('are checked in every field of a routing setting, naming the field', () => {
    expect(() => assertCallbackUrls('voice', { handler: 'webhook', url: 'https://example.com/v', fallback_url: null })).not.toThrow();
    expect(() => assertCallbackUrls('messaging', { handler: 'webhook', url: 'https://example.com/s', fallback_url: 'nope' })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ pointer: '/messaging/fallback_url' }) }),
    );
    expect(() => assertCallbackUrls('voice', { handler: 'relay_topic', target: 'office', status_callback_url: '/x' })).toThrow(/voice.status_callback_url/);
  });
});
