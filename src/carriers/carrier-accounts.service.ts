import type { CarrierAccountRow } from '../db/schema.js';
import type { EgressGuard } from '../egress/egress-guard.js';
import { errors } from '../errors/catalogue.js';
import type { CarrierAccess, CarrierAdapter, CarrierName } from './carrier.js';
import type { CarrierAccountsRepo } from './carrier-accounts.repo.js';
import type { CarrierRegistry } from './registry.js';
import type { SecretBox } from '../secrets/secret-box.js';

export interface NewCarrierAccountInput {
  carrier: CarrierName;
  name: string;
  base_url?: string | null;
  credentials?: Record<string, string>;
}

/** A carrier account as shown: credentials never leave the server, only which are set. */
export type CarrierAccountInfo = Omit<CarrierAccountRow, 'credentials_sealed'> & { has_credentials: boolean };

/** A carrier to talk to and how: the adapter and the decrypted access for one call. */
export interface CarrierConnection {
  adapter: CarrierAdapter;
  access: CarrierAccess;
}

const MAX_ACCOUNTS = 100;

/**
 * Which credentials are stored, by field name: no character of a secret, not even its last
 * few (a secret's tail narrows a guess and is matched against leaked keys).
 */
function hintOf(credentials: Record<string, string>): string {
  return `set: ${Object.keys(credentials).sort().join(', ')}`;
}

function toInfo(row: CarrierAccountRow): CarrierAccountInfo {
  const { credentials_sealed, ...info } = row;
  return { ...info, has_credentials: credentials_sealed !== null };
}

/** Carrier accounts of an organization, and the one place their credentials are opened. */
export class CarrierAccountsService {
  constructor(
    private readonly repo: CarrierAccountsRepo,
    private readonly carriers: CarrierRegistry,
    private readonly box: SecretBox,
    private readonly egress: EgressGuard,
  ) {}

  async create(organizationId: string, input: NewCarrierAccountInput): Promise<CarrierAccountInfo> {
    const adapter = this.carriers[input.carrier];
    const credentials = input.credentials ?? {};
    const missing = adapter.credentialFields.filter((field) => !credentials[field]);
    if (missing.length) {
      throw errors.validation(`A ${input.carrier} account needs credentials: ${missing.join(', ')}.`, { pointer: '/credentials' });
    }
    const unknown = Object.keys(credentials).filter((field) => !adapter.credentialFields.includes(field));
    if (unknown.length) {
      throw errors.validation(`Unknown ${input.carrier} credentials: ${unknown.join(', ')}.`, { pointer: '/credentials' });
    }
    const baseUrl = input.base_url ?? adapter.defaultBaseUrl;
    if (input.carrier !== 'sandbox') this.checkBaseUrl(adapter, baseUrl);
    const needsSecrets = adapter.credentialFields.length > 0;
    if (needsSecrets && !this.box.enabled) throw errors.secretsDisabled();
    const row = await this.repo.insert({
      organization_id: organizationId,
      carrier: input.carrier,
      name: input.name,
      base_url: input.carrier === 'sandbox' ? null : baseUrl,
      credentials_sealed: needsSecrets ? this.box.seal(JSON.stringify(credentials), organizationId) : null,
      credentials_hint: needsSecrets ? hintOf(credentials) : null,
    });
    return toInfo(row);
  }

  /**
   * A carrier account's API address must be the carrier's own, over https, unless the operator
   * allow-lists it. The egress guard checks again at every call, for rows written before.
   */
  private checkBaseUrl(adapter: CarrierAdapter, baseUrl: string | null): void {
    if (!baseUrl) {
      throw errors.validation(`A ${adapter.name} account needs base_url (your space's address).`, { pointer: '/base_url' });
    }
    const refusal = this.egress.refusalOf(baseUrl, adapter.apiHosts);
    if (refusal) throw errors.validation(`base_url cannot be used for ${adapter.name}: ${refusal}.`, { pointer: '/base_url' });
  }

  async list(organizationId: string): Promise<CarrierAccountInfo[]> {
    return (await this.repo.list(organizationId, MAX_ACCOUNTS)).map(toInfo);
  }

  async get(organizationId: string, id: string): Promise<CarrierAccountInfo> {
    return toInfo(await this.row(organizationId, id));
  }

  async delete(organizationId: string, id: string): Promise<void> {
    await this.row(organizationId, id);
    if (await this.repo.hasOrders(organizationId, id)) {
      throw errors.carrierAccountInUse();
    }
    await this.repo.delete(organizationId, id);
  }

  /** The carrier behind an account, or the built-in sandbox when no account is named. */
  async connect(organizationId: string, accountId: string | null): Promise<CarrierConnection> {
    if (!accountId) return { adapter: this.carriers.sandbox, access: { carrier: 'sandbox', accountId: null, baseUrl: '', credentials: {} } };
    const row = await this.row(organizationId, accountId);
    const carrier = row.carrier as CarrierName;
    const credentials = row.credentials_sealed
      ? (JSON.parse(this.box.open(row.credentials_sealed, organizationId)) as Record<string, string>)
      : {};
    return {
      adapter: this.carriers[carrier],
      access: { carrier, accountId: row.id, baseUrl: row.base_url ?? '', credentials },
    };
  }

  private async row(organizationId: string, id: string): Promise<CarrierAccountRow> {
    const row = await this.repo.findById(organizationId, id);
    if (!row) throw errors.notFound('carrier account', id);
    return row;
  }
}
