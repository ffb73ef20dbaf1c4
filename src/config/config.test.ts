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

  it('reads the webhook retry schedule in seconds, and refuses one that is not', () => {
    expect(loadConfig({}).webhookRetrySchedule).toEqual([0, 5, 300, 1800, 7200, 18_000, 36_000, 36_000]);
    expect(loadConfig({ DIALTONE_WEBHOOK_RETRY_SCHEDULE: '0, 0.5,60' }).webhookRetrySchedule).toEqual([0, 0.5, 60]);
    expect(() => loadConfig({ DIALTONE_WEBHOOK_RETRY_SCHEDULE: '0,soon' })).toThrow(/DIALTONE_WEBHOOK_RETRY_SCHEDULE/);
    expect(() => loadConfig({ DIALTONE_WEBHOOK_RETRY_SCHEDULE: '0,999999' })).toThrow(/DIALTONE_WEBHOOK_RETRY_SCHEDULE/);
    expect(() => loadConfig({ DIALTONE_WEBHOOK_TIMEOUT_MS: '5' })).toThrow(/DIALTONE_WEBHOOK_TIMEOUT_MS/);
  });
});

describe('DIALTONE_EVENT_RETENTION_DAYS and DIALTONE_AUDIT_RETENTION_DAYS', () => {
  it('keep events 90 days and audit records 400 days by default', () => {
    const config = loadConfig({});
    expect([config.eventRetentionDays, config.auditRetentionDays]).toEqual([90, 400]);
  });

  it('read whole numbers of days', () => {
    const config = loadConfig({ DIALTONE_EVENT_RETENTION_DAYS: '7', DIALTONE_AUDIT_RETENTION_DAYS: '3650' });
    expect([config.eventRetentionDays, config.auditRetentionDays]).toEqual([7, 3650]);
  });

  it('refuse no retention at all or a value that is not a number of days, naming the setting', () => {
    expect(() => loadConfig({ DIALTONE_EVENT_RETENTION_DAYS: '0' })).toThrow(/DIALTONE_EVENT_RETENTION_DAYS/);
    expect(() => loadConfig({ DIALTONE_AUDIT_RETENTION_DAYS: '1.5' })).toThrow(/DIALTONE_AUDIT_RETENTION_DAYS/);
  });
});

describe('METRICS_LISTEN and LOG_FORMAT', () => {
  it('are off and json by default', () => {
    const config = loadConfig({});
    expect([config.metricsListen, config.logFormat]).toEqual([null, 'json']);
  });

  it('reads host:port, an IPv6 host in brackets', () => {
    expect(loadConfig({ METRICS_LISTEN: '127.0.0.1:9464' }).metricsListen).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ METRICS_LISTEN: '[::1]:9464' }).metricsListen).toEqual({ host: '::1', port: 9464 });
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  });

  it('refuses anything else, naming the setting', () => {
    for (const value of ['9464', '127.0.0.1', 'http://127.0.0.1:9464', '127.0.0.1:99999']) {
      expect(() => loadConfig({ METRICS_LISTEN: value }), value).toThrow(/METRICS_LISTEN/);
    }
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });
});

describe('DATABASE_READ_URL', () => {
  const primary = 'postgres://dialtone@db-primary:5432/dialtone';

  it('names no replica by default', () => {
    expect(loadConfig({ DATABASE_URL: primary }).databaseReadUrls).toEqual([]);
  });

  it('reads one or more comma-separated replicas, frozen', () => {
    const config = loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: 'postgres://r1:5432/dialtone, postgresql://r2/dialtone' });
    expect(config.databaseReadUrls).toEqual(['postgres://r1:5432/dialtone', 'postgresql://r2/dialtone']);
    expect(Object.isFrozen(config.databaseReadUrls)).toBe(true);
  });

  it('refuses a replica that is not a postgres:// URL, and replicas without a primary server', () => {
    expect(() => loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: 'mysql://r1/x' })).toThrow(/DATABASE_READ_URL/);
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://r1/dialtone' })).toThrow(/DATABASE_URL/);
  });
});
