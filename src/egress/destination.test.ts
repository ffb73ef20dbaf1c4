import { describe, expect, it } from 'vitest';
import { destinationOf, hostMatches, isAllowListed, urlRefusal } from './destination.js';

describe('destinations', () => {
  it('reads host and port from a URL, without brackets or a trailing dot', () => {
    expect(destinationOf('https://API.Telnyx.com./v2')).toMatchObject({ host: 'api.telnyx.com', port: 443, secure: true });
    expect(destinationOf('http://[::1]:8080/')).toMatchObject({ host: '::1', port: 8080, secure: false });
    expect(destinationOf('file:///etc/passwd')).toBeNull();
  });

  it('matches allow-list entries by host, or host and port', () => {
    const at = (url: string) => destinationOf(url)!;
    expect(isAllowListed(at('http://127.0.0.1:4010/'), ['127.0.0.1:4010'])).toBe(true);
    expect(isAllowListed(at('http://127.0.0.1:4011/'), ['127.0.0.1:4010'])).toBe(false);
    expect(isAllowListed(at('http://carrier.local:9/'), ['Carrier.Local'])).toBe(true);
    expect(isAllowListed(at('http://[::1]:4010/'), ['[::1]:4010'])).toBe(true);
    expect(isAllowListed(at('http://[fd00::5]/'), ['fd00::5'])).toBe(true);
    expect(isAllowListed(at('http://10.0.0.1/'), [])).toBe(false);
  });

  it('matches carrier host patterns exactly or by subdomain, never by a look-alike', () => {
    expect(hostMatches('api.twilio.com', ['*.twilio.com'])).toBe(true);
    expect(hostMatches('api.dublin.ie1.twilio.com', ['*.twilio.com'])).toBe(true);
    expect(hostMatches('twilio.com', ['*.twilio.com'])).toBe(false);
    expect(hostMatches('eviltwilio.com', ['*.twilio.com'])).toBe(false);
    expect(hostMatches('api.telnyx.com.evil.test', ['api.telnyx.com'])).toBe(false);
  });

  it('refuses before resolution: not http(s), credentials, plain http, a host not allowed', () => {
    expect(urlRefusal('gopher://x.test/', [])).toContain('only http and https');
    expect(urlRefusal('https://u:p@api.telnyx.com/', [])).toContain('credentials');
    expect(urlRefusal('http://api.telnyx.com/', [])).toContain('only https');
    expect(urlRefusal('https://evil.example.com/', [], ['api.telnyx.com'])).toContain('not one of the allowed hosts');
    expect(urlRefusal('https://api.telnyx.com/v2', [], ['api.telnyx.com'])).toBeNull();
    expect(urlRefusal('http://127.0.0.1:4010/', ['127.0.0.1:4010'], ['api.telnyx.com'])).toBeNull();
  });
});
