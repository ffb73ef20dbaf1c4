import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { armLoopbackOnly } from './loopback-only.testing.js';
import { AppError } from '../errors/catalogue.js';
import { EgressFailure, EgressGuard, type Resolve } from './egress-guard.js';

/** The stub DNS: names to addresses, and every name asked for. */
const NAMES: Record<string, string[]> = {
  localhost: ['127.0.0.1', '::1'],
  'ten.test': ['10.1.2.3'],
  'metadata.test': ['169.254.169.254'],
  'mapped.test': ['::ffff:127.0.0.1'],
  'mixed.test': ['93.184.215.14', '10.0.0.1'],
  'public.test': ['93.184.215.14'],
  'carrier.test': ['127.0.0.1'],
};
const asked: string[] = [];
const resolve: Resolve = async (name) => {
  asked.push(name);
  return (NAMES[name] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

interface Fake {
  server: Server;
  port: number;
  hits: Array<{ url: string; headers: IncomingHttpHeaders }>;
}

async function startFake(handler: RequestListener): Promise<Fake> {
  const hits: Fake['hits'] = [];
  const server = createServer((request, response) => {
    hits.push({ url: request.url ?? '', headers: request.headers });
    handler(request, response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, port: (server.address() as AddressInfo).port, hits };
}

const get = (url: string, extra: { hosts?: readonly string[]; timeoutMs?: number } = {}) => ({
  method: 'GET',
  url,
  headers: { accept: 'application/json' },
  timeoutMs: extra.timeoutMs ?? 2000,
  hosts: extra.hosts,
});

async function refusal(guard: EgressGuard, url: string, hosts?: readonly string[]): Promise<AppError> {
  const error = await guard.send(get(url, { hosts })).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('egress_refused');
  return error as AppError;
}

describe('egress guard', () => {
  let tripwire: ReturnType<typeof armLoopbackOnly>;
  let ok: Fake;
  let counter: Fake;
  let redirector: Fake;
  let big: Fake;
  let silent: Fake;
  let guard: EgressGuard;

  beforeAll(async () => {
    tripwire = armLoopbackOnly();
    ok = await startFake((_request, response) => response.end('{"ok":true}'));
    counter = await startFake((_request, response) => response.end('second'));
    redirector = await startFake((_request, response) => {
      response.writeHead(302, { location: `http://127.0.0.1:${counter.port}/landing` }).end();
    });
    big = await startFake((_request, response) => response.end(Buffer.alloc(1536 * 1024, 'x')));
    silent = await startFake(() => undefined);
    const allow = [ok, counter, redirector, big, silent].map((fake) => `127.0.0.1:${fake.port}`);
    guard = new EgressGuard({ allow: [...allow, `carrier.test:${ok.port}`], resolve });
  });
  afterEach(() => {
    expect(tripwire.violations).toEqual([]);
    asked.length = 0;
  });
  afterAll(async () => {
    tripwire.disarm();
    for (const fake of [ok, counter, redirector, big, silent]) {
      fake.server.closeAllConnections();
      await new Promise((done) => fake.server.close(done));
    }
  });

  it.each([
    'https://127.0.0.1/',
    'https://127.8.9.10:8443/',
    'https://10.0.0.1/',
    'https://172.16.5.4/',
    'https://172.31.255.254/',
    'https://192.168.1.1/',
    'https://169.254.169.254/latest/meta-data/',
    'https://100.64.0.1/',
    'https://0.0.0.0/',
    'https://255.255.255.255/',
    'https://224.0.0.1/',
    'https://[::1]/',
    'https://[::]/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:7f00:1]/',
    'https://[::ffff:10.0.0.1]/',
    'https://[::7f00:1]/',
    'https://[fe80::1]/',
    'https://[fc00::1]/',
    'https://[2002:7f00:1::]/',
    'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
    'https://[64:ff9b::a00:1]/',
    // Other spellings of 127.0.0.1, which URL parsing turns into the address.
    'https://2130706433/',
    'https://0x7f.1/',
  ])('refuses %s before connecting', async (url) => {
    await refusal(guard, url);
    expect(asked).toEqual([]);
  });

  it.each(['localhost', 'ten.test', 'metadata.test', 'mapped.test', 'mixed.test', 'ten.test.'])(
    'refuses https://%s/, a name resolving to a non-public address, naming the host but not the address',
    async (name) => {
      const error = await refusal(guard, `https://${name}/`);
      expect(asked).toEqual([name.replace(/\.$/, '')]);
      expect(error.detail).toContain(name.replace(/\.$/, ''));
      for (const address of NAMES[name.replace(/\.$/, '')]!) expect(error.detail).not.toContain(address);
    },
  );

  it('refuses plain http to a public host unless allow-listed, and URLs with credentials', async () => {
    expect((await refusal(guard, 'http://public.test/')).detail).toContain('only https');
    await refusal(guard, 'ftp://public.test/');
    await refusal(guard, `http://user:secret@127.0.0.1:${ok.port}/`);
    expect(asked).toEqual([]);
  });

  it('refuses a host outside those the call allows, unless allow-listed', async () => {
    const hosts = ['api.telnyx.com', '*.signalwire.com'];
    expect((await refusal(guard, 'https://evil.example.com/', hosts)).detail).toContain('not one of the allowed hosts');
    await refusal(guard, 'https://signalwire.com.evil.test/', hosts);
    const allowed = await guard.send(get(`http://127.0.0.1:${ok.port}/`, { hosts }));
    expect(allowed.status).toBe(200);
  });

  it('reaches an allow-listed 127.0.0.1:port, and only that port', async () => {
    const response = await guard.send(get(`http://127.0.0.1:${ok.port}/v2/things?x=1`));
    expect([response.status, response.body.toString(), response.truncated]).toEqual([200, '{"ok":true}', false]);
    expect(ok.hits.at(-1)!.url).toBe('/v2/things?x=1');
    const other = new EgressGuard({ allow: [`127.0.0.1:${ok.port + 1}`], resolve });
    await refusal(other, `http://127.0.0.1:${ok.port}/`);
  });

  it('connects to the address the resolver returned, with the name as Host', async () => {
    const before = ok.hits.length;
    const response = await guard.send(get(`http://carrier.test:${ok.port}/pinned`));
    expect(response.status).toBe(200);
    expect(asked).toEqual(['carrier.test']); // resolved once, by the guard: the connection did not ask again
    expect(ok.hits.slice(before)).toEqual([{ url: '/pinned', headers: expect.objectContaining({ host: `carrier.test:${ok.port}` }) }]);
  });

  it('answers a redirect as it is, without following it', async () => {
    const response = await guard.send(get(`http://127.0.0.1:${redirector.port}/`));
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`http://127.0.0.1:${counter.port}/landing`);
    expect(redirector.hits).toHaveLength(1);
    expect(counter.hits).toHaveLength(0);
  });

  it('stops reading an answer at 1 MiB, or at the cap it is given', async () => {
    const capped = await guard.send(get(`http://127.0.0.1:${big.port}/`));
    expect([capped.truncated, capped.body.length]).toEqual([true, 1024 * 1024]);
    const small = new EgressGuard({ allow: [`127.0.0.1:${big.port}`], resolve, maxBodyBytes: 100 });
    const short = await small.send(get(`http://127.0.0.1:${big.port}/`));
    expect([short.truncated, short.body.length]).toEqual([true, 100]);
  });

  it('gives up after the timeout, and reports a refused connection as a network failure', async () => {
    const slow = await guard.send(get(`http://127.0.0.1:${silent.port}/`, { timeoutMs: 150 })).catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(EgressFailure);
    expect((slow as EgressFailure).kind).toBe('timeout');
    const closed = await startFake(() => undefined);
    await new Promise((done) => closed.server.close(done));
    const nobody = new EgressGuard({ allow: [`127.0.0.1:${closed.port}`], resolve });
    const down = await nobody.send(get(`http://127.0.0.1:${closed.port}/`)).catch((e: unknown) => e);
    expect([(down as EgressFailure).kind, (down as EgressFailure).code]).toEqual(['network', 'ECONNREFUSED']);
  });

  it('judges a stored URL before resolution: address literals that are not public, unless allow-listed', () => {
    const judge = new EgressGuard({ allow: ['127.0.0.1:4010', 'intranet.test'], resolve });
    expect(judge.refusalBeforeResolution('http://10.1.2.3/')).toContain('only https');
    expect(judge.refusalBeforeResolution('https://10.1.2.3/')).toContain('not public');
    expect(judge.refusalBeforeResolution('https://[fd00::1]/')).toContain('not public');
    expect(judge.refusalBeforeResolution('https://127.0.0.1:4011/')).toContain('not public');
    expect(judge.refusalBeforeResolution('http://127.0.0.1:4010/hook')).toBeNull();
    expect(judge.refusalBeforeResolution('http://intranet.test/hook')).toBeNull();
    // A name is judged when called, by what it resolves to then.
    expect(judge.refusalBeforeResolution('https://localhost/')).toBeNull();
    expect(judge.refusalBeforeResolution('https://93.184.215.14/')).toBeNull();
    expect(asked).toEqual([]);
  });

  it('reports a name that does not resolve as a network failure', async () => {
    const error = await guard.send(get('https://unknown.test/')).catch((e: unknown) => e);
    expect([(error as EgressFailure).kind, (error as EgressFailure).code]).toEqual(['network', 'ENOTFOUND']);
  });
});
