import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { AppError, errors } from '../errors/catalogue.js';
import { nonPublicRange } from './address-policy.js';
import { destinationOf, isAllowListed, urlRefusal, type Destination } from './destination.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Name to addresses. The system resolver in production; a stub in tests, so nothing leaves loopback. */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolve: Resolve = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

export interface EgressSettings {
  /** host or host:port entries the operator allows over http and to non-public addresses (DIALTONE_EGRESS_ALLOW). */
  allow: readonly string[];
  resolve?: Resolve;
  /** Reading an answer stops after this many bytes. */
  maxBodyBytes?: number;
}

export interface EgressRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** For the whole call: resolution, connection and the answer's body. */
  timeoutMs: number;
  /** The only host names this call may go to (`*.example.com` for any name under it); any public host when absent. */
  hosts?: readonly string[];
}

export interface EgressResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The answer was longer than the cap; body holds its first maxBodyBytes. */
  truncated: boolean;
}

/** An outbound call that got no answer: none in time, or the network failed. code is the system's (ECONNREFUSED). */
export class EgressFailure extends Error {
  constructor(
    readonly kind: 'timeout' | 'network',
    readonly code: string,
  ) {
    super(kind === 'timeout' ? 'no answer in time' : `network error (${code})`);
    this.name = 'EgressFailure';
  }
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The one way out of Dialtone. Every outbound HTTP call goes through send, which refuses
 * (egress_refused, before connecting) what is not https, not among the hosts the caller
 * allows, or resolves to any non-public address; then connects to the very addresses it
 * checked, follows no redirect, and stops reading at a size cap. The operator's allow-list
 * lifts the https and address rules for the host:port entries it names.
 */
export class EgressGuard {
  private readonly resolve: Resolve;
  private readonly maxBodyBytes: number;

  constructor(private readonly settings: EgressSettings) {
    this.resolve = settings.resolve ?? systemResolve;
    this.maxBodyBytes = settings.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  /** Why a URL would be refused before resolution (scheme, credentials, host), or null. For checking stored URLs up front. */
  refusalOf(url: string, hosts?: readonly string[]): string | null {
    return urlRefusal(url, this.settings.allow, hosts);
  }

  /**
   * Why a URL would be refused whatever its name resolves to, or null: refusalOf's rules, and
   * a host written as an address (10.1.2.3, [::1]) that is not public and not allow-listed.
   * For URLs stored to be called later, when a name may resolve differently.
   */
  refusalBeforeResolution(url: string): string | null {
    const refusal = this.refusalOf(url);
    const destination = destinationOf(url);
    if (refusal || !destination) return refusal ?? 'it is not a URL';
    if (!isIP(destination.host) || isAllowListed(destination, this.settings.allow)) return null;
    return nonPublicRange(destination.host) === null ? null : 'it is an address that is not public';
  }

  async send(request: EgressRequest): Promise<EgressResponse> {
    const refusal = this.refusalOf(request.url, request.hosts);
    const destination = destinationOf(request.url);
    if (refusal || !destination) throw errors.egressRefused(destination?.host ?? 'that URL', refusal ?? 'it is not a URL');
    const deadline = AbortSignal.timeout(request.timeoutMs);
    try {
      const addresses = await abortable(this.checkedAddresses(destination), deadline);
      return await exchange(destination, addresses, request, deadline, this.maxBodyBytes);
    } catch (error) {
      if (deadline.aborted) throw new EgressFailure('timeout', 'ETIMEDOUT');
      if (error instanceof AppError || error instanceof EgressFailure) throw error;
      const code = (error as NodeJS.ErrnoException | null)?.code;
      if (typeof code !== 'string') throw error;
      throw new EgressFailure('network', code);
    }
  }

  /**
   * Every address the name resolves to, each checked: one bad address refuses the call, since
   * the connection could go to any of them. The refusal names the host, never the address.
   */
  private async checkedAddresses(destination: Destination): Promise<ResolvedAddress[]> {
    const family = isIP(destination.host);
    const addresses = family ? [{ address: destination.host, family: family as 4 | 6 }] : await this.resolve(destination.host);
    if (!addresses.length) throw new EgressFailure('network', 'ENOTFOUND');
    if (isAllowListed(destination, this.settings.allow)) return addresses;
    if (addresses.some(({ address }) => nonPublicRange(address) !== null)) {
      throw errors.egressRefused(destination.host, 'it resolves to an address that is not public');
    }
    return addresses;
  }
}

/** A lookup that answers with the addresses already checked: the connection cannot resolve the name again. */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
}

function exchange(
  destination: Destination,
  addresses: ResolvedAddress[],
  request: EgressRequest,
  signal: AbortSignal,
  maxBodyBytes: number,
): Promise<EgressResponse> {
  const send = destination.secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      {
        // The name, not the address: Host and TLS SNI/certificate checks stay the name's.
        host: destination.host,
        port: destination.port,
        path: `${destination.url.pathname}${destination.url.search}`,
        method: request.method,
        headers: request.headers,
        lookup: pinnedLookup(addresses),
        // No pooled sockets: each call connects to the addresses it checked.
        agent: false,
        signal,
      },
      (response) => {
        readCapped(response, maxBodyBytes)
          .then(({ body, truncated }) => resolve({ status: response.statusCode ?? 0, headers: response.headers, body, truncated }))
          .catch(reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/** The body up to the cap; reading stops (and the connection closes) once the cap is passed. */
async function readCapped(response: IncomingMessage, maxBytes: number): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    if (size + chunk.length > maxBytes) {
      chunks.push(chunk.subarray(0, maxBytes - size));
      response.destroy();
      return { body: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { body: Buffer.concat(chunks), truncated: false };
}

/** A promise that also rejects when the signal aborts (resolution cannot be cancelled, only abandoned). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
