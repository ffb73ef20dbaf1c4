import { createServer, type AddressInfo } from 'node:net';

/** A loopback port nothing listens on now (the system picked it free; it is closed again at once). */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
