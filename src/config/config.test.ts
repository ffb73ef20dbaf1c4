import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('DIALTONE_EGRESS_ALLOW', () => {
  it('is empty by default', () => {
    expect(loadConfig({}).egressAllow).toEqual([]);
  });

  it('reads comma-separated host and host:port entries, frozen', () => {
    const config = loadConfig({ DIALTONE_EGRESS_ALLOW: ' 127.0.0.1:4010, carrier.internal ,,[::1]:8080' });
    expect(config.egressAllow).toEqual(['127.0.0.1:4010', 'carrier.internal', '[::1]:8080']);
    expect(Object.isFrozen(config.egressAllow)).toBe(true);
  });

  it('refuses an entry that is not a host or host:port, naming the setting', () => {
    expect(() => loadConfig({ DIALTONE_EGRESS_ALLOW: 'http://127.0.0.1:4010/' })).toThrow(ConfigError);
    expect(() => loadConfig({ DIALTONE_EGRESS_ALLOW: 'ok.test,bad host' })).toThrow(/DIALTONE_EGRESS_ALLOW/);
  });
});
