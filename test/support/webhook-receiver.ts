import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

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
  /**
   * Holds every answer until this many requests wait at once, then answers them and holds no
   * more: more requests at once than one sender makes proves that several are sending.
   */
  holdUntilWaiting(count: number): void;
  /** The JSON bodies received, parsed. */
  events(): Array<Record<string, any>>;
  close(): Promise<void>;
}

/** Listens on the port given (a port the test chose while nothing listened on it), or on a free one. */
export async function startWebhookReceiver(port = 0): Promise<WebhookReceiver> {
  const requests: ReceivedWebhook[] = [];
  const queue: Reply[] = [];
  let standing: Reply = { status: 200, body: 'ok' };
  let holdUntil = 0;
  const held: Array<() => void> = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = () => {
        const reply = queue.shift() ?? standing;
        response.writeHead(reply.status, reply.headers).end(reply.body ?? '');
      };
      if (!holdUntil) return answer();
      held.push(answer);
      if (held.length < holdUntil) return;
      holdUntil = 0;
      for (const waiting of held.splice(0)) waiting();
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', done);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: (path = '/hook') => `http://127.0.0.1:${bound}${path}`,
    requests,
    reply: (...replies) => queue.push(...replies),
    answer: (reply) => (standing = reply),
    holdUntilWaiting: (count) => (holdUntil = count),
    events: () => requests.map((request) => JSON.parse(request.body) as Record<string, any>),
    close: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

/** Whether a received request carries a valid signature under the secret, by the Standard Webhooks library. */
export function verifies(secret: string, request: ReceivedWebhook): boolean {
  try {
    new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
    return true;
  } catch (error) {
    if (error instanceof WebhookVerificationError) return false;
    throw error;
  }
}
