import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got, as it came. */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A webhook receiver on a loopback port: records every request, and answers each with the
 * next reply queued (reply()), or with the standing answer (answer()) once none is queued.
 */
export interface WebhookReceiver {
  port: number;
  url(path?: string): string;
  requests: ReceivedWebhook[];
  /** Queues replies for the next requests, in order. */
  reply(...replies: Reply[]): void;
  /** The answer once the queue is empty (200 at first). */
  answer(reply: Reply): void;
  /** The JSON bodies received, parsed. */
  events(): Array<Record<string, any>>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedWebhook[] = [];
  const queue: Reply[] = [];
  let standing: Reply = { status: 200, body: 'ok' };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const reply = queue.shift() ?? standing;
      response.writeHead(reply.status, reply.headers).end(reply.body ?? '');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    requests,
    reply: (...replies) => queue.push(...replies),
    answer: (reply) => (standing = reply),
    events: () => requests.map((request) => JSON.parse(request.body) as Record<string, any>),
    close: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}
