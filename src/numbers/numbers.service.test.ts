import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CursorSigner } from '../cursors/cursor-signer.js';
import { SecretBox } from '../secrets/secret-box.js';
import type { NumbersPlatformRepo } from './numbers.platform.repo.js';
import type { NumbersRepo } from './numbers.repo.js';
import { NumbersService, pinContext } from './numbers.service.js';

interface StoredPin {
  id: string;
  organization_id: string;
  plain: string | null;
  sealed: string | null;
}

/** The platform repository's plain-PIN methods over an array, read in batches as the database does. */
function pinStore(pins: StoredPin[]) {
  const unsealed = () => pins.filter((p) => p.plain !== null);
  const repo = {
    unsealedPins: async (limit: number) => unsealed().slice(0, limit).map((p) => ({ id: p.id, organization_id: p.organization_id, pin: p.plain! })),
    countUnsealedPins: async () => unsealed().length,
    replaceUnsealedPin: async (id: string, sealed: string) => {
      const pin = pins.find((p) => p.id === id && p.plain !== null);
      if (!pin) return false;
      Object.assign(pin, { plain: null, sealed });
      return true;
    },
  };
  return repo as unknown as NumbersPlatformRepo;
}

function service(platform: NumbersPlatformRepo, secretKey: string | null) {
  const noWrites = (() => Promise.reject(new Error('no writes here'))) as never;
  return new NumbersService({} as NumbersRepo, platform, noWrites, {
    clock: () => new Date(),
    cursors: CursorSigner.ephemeral(),
    secrets: new SecretBox(secretKey),
  });
}

describe('NumbersService.sealLegacyPins', () => {
  it('seals every plain PIN, over several batches, each bound to its organization', async () => {
    const key = randomBytes(32).toString('hex');
    const pins: StoredPin[] = Array.from({ length: 1203 }, (_, i) => ({ id: `n${i}`, organization_id: `org${i % 3}`, plain: `PIN${i}`, sealed: null }));
    expect(await service(pinStore(pins), key).sealLegacyPins()).toEqual({ sealed: 1203, unsealed: 0 });
    const box = new SecretBox(key);
    for (const pin of [pins[0]!, pins[1202]!]) {
      expect(pin.plain).toBeNull();
      expect(pin.sealed).not.toContain(pin.id.replace('n', 'PIN'));
      expect(box.open(pin.sealed!, pinContext(pin.organization_id))).toBe(pin.id.replace('n', 'PIN'));
    }
  });

  it('without a key, seals nothing and counts the plain PINs left', async () => {
    const pins: StoredPin[] = [{ id: 'n1', organization_id: 'org', plain: '1234', sealed: null }];
    expect(await service(pinStore(pins), null).sealLegacyPins()).toEqual({ sealed: 0, unsealed: 1 });
    expect(pins[0]).toMatchObject({ plain: '1234', sealed: null });
  });

  it('does not count a PIN changed between the read and the write', async () => {
    const pins: StoredPin[] = [{ id: 'n1', organization_id: 'org', plain: '1234', sealed: null }];
    const repo = pinStore(pins);
    const replace = repo.replaceUnsealedPin.bind(repo);
    repo.replaceUnsealedPin = async (id, sealed) => {
      pins[0]!.plain = null; // a client cleared the PIN meanwhile
      return replace(id, sealed);
    };
    expect(await service(repo, randomBytes(32).toString('hex')).sealLegacyPins()).toEqual({ sealed: 0, unsealed: 0 });
    expect(pins[0]!.sealed).toBeNull();
  });
});
