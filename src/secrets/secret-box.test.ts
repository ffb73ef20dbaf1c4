import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/config.js';
import { AppError } from '../errors/catalogue.js';
import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32).toString('hex'));

  it('seals and opens, with a fresh IV each time', () => {
    const a = box.seal('{"api_key":"KEY123"}', 'org-1');
    const b = box.seal('{"api_key":"KEY123"}', 'org-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('KEY123');
    expect(box.open(a, 'org-1')).toBe('{"api_key":"KEY123"}');
  });

  it('refuses a sealed value opened for another organization or tampered with', () => {
    const sealed = box.seal('secret', 'org-1');
    expect(() => box.open(sealed, 'org-2')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('other').toString('base64url');
    expect(() => box.open(parts.join('.'), 'org-1')).toThrow();
  });

  it('accepts a base64 key and refuses to work without one, saying why', () => {
    expect(new SecretBox(randomBytes(32).toString('base64')).enabled).toBe(true);
    const off = new SecretBox(null);
    expect(off.enabled).toBe(false);
    try {
      off.seal('x', 'org');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).detail).toContain('DIALTONE_SECRET_KEY');
    }
  });

  it('reads DIALTONE_SECRET_KEY from the environment, with no default, refusing keys of the wrong size', () => {
    const hex = randomBytes(32).toString('hex');
    expect(loadConfig({ DIALTONE_SECRET_KEY: hex }).secretKey).toBe(hex);
    expect(loadConfig({}).secretKey).toBeNull();
    expect(() => loadConfig({ DIALTONE_SECRET_KEY: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ DIALTONE_SECRET_KEY: randomBytes(16).toString('hex') })).toThrow(/DIALTONE_SECRET_KEY/);
  });
});
