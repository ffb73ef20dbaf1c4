import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One webhook POST as it arrived: when, its id, and what is needed to check its signature. */
export interface Arrival {
  /** Wall-clock milliseconds at the end of the body, on the clock the database's created_at uses. */
  at: number;
  webhookId: string;
  /** The event's created_at: written by the journal just before its transaction committed. */
  createdAt: number;
  body: string;
  headers: IncomingHttpHeaders;
}

export interface Receiver {
  url: string;
  arrivals: Arrival[];
  /** Resolves when `count` distinct webhook ids have arrived, or at the deadline. */
  waitFor(count: number, deadline: number, progress: (unique: number) => void): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A loopback endpoint that answers 204 at once and only records: any work here would show as
 * delivery delay that is not Dialtone's.
 */
export async function startReceiver(port: number): Promise<Receiver> {
  const arrivals: Arrival[] = [];
  const ids = new Set<string>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = Date.now();
      response.writeHead(204).end();
      const body = Buffer.concat(chunks).toString('utf8');
      const webhookId = String(request.headers['webhook-id'] ?? '');
      const createdAt = Date.parse((JSON.parse(body) as { created_at: string }).created_at);
      arrivals.push({ at, webhookId, createdAt, body, headers: request.headers });
      ids.add(webhookId);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;

  const waitFor = async (count: number, deadline: number, progress: (unique: number) => void) => {
    let reported = Date.now();
    while (ids.size < count && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (Date.now() - reported >= 10_000) {
        progress(ids.size);
        reported = Date.now();
      }
    }
    return ids.size;
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url: `http://127.0.0.1:${bound}/dialtone`, arrivals, waitFor, stop };
}
