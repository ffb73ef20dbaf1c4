import { lookup as dnsLookup } from 'node:dns';
import { isIP, Socket, type LookupFunction } from 'node:net';
import { vi } from 'vitest';

const isLoopback = (address: string) => /^(::ffff:)?127\./i.test(address);

/**
 * Test support, not used by Dialtone itself (beside the guard so unit tests under src/ can use
 * it). A tripwire for tests of outbound calls: while armed, a TCP connection this process opens
 * to an address outside 127.0.0.0/8 is not made but recorded (and the socket fails). A guard
 * that failed to refuse a destination then fails its test without sending anything off the machine.
 */
export function armLoopbackOnly(): { violations: string[]; disarm(): void } {
  const violations: string[] = [];
  const original = Socket.prototype.connect;
  const spy = vi.spyOn(Socket.prototype, 'connect').mockImplementation(function (this: Socket, ...args: unknown[]) {
    const options = connectOptions(args);
    if (!options || options.path) return original.apply(this, args as never);
    const host = options.host ?? 'localhost';
    if (isIP(host) && !isLoopback(host)) {
      violations.push(host);
      process.nextTick(() => this.destroy(new Error(`tripwire: connection to ${host} stopped`)));
      return this;
    }
    if (!isIP(host)) options.lookup = checkedLookup(options.lookup ?? (dnsLookup as unknown as LookupFunction), violations);
    return original.apply(this, args as never);
  });
  return { violations, disarm: () => spy.mockRestore() };
}

interface ConnectOptions {
  host?: string;
  path?: string;
  lookup?: LookupFunction;
}

/** net.createConnection passes its arguments already normalized, as [options, callback]. */
function connectOptions(args: unknown[]): ConnectOptions | null {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first && typeof first === 'object') return first as ConnectOptions;
  // connect(port, host): its host is checked; a name in this form is resolved unchecked (http clients do not use it).
  if (typeof first === 'number') return { host: typeof args[1] === 'string' ? args[1] : undefined };
  return null;
}

function checkedLookup(lookup: LookupFunction, violations: string[]): LookupFunction {
  return (hostname, options, callback) =>
    lookup(hostname, options, (error, address, family) => {
      const found = Array.isArray(address) ? address.map((a) => a.address) : [address];
      const outside = found.filter((a) => !isLoopback(a));
      if (error || !outside.length) return callback(error, address, family);
      violations.push(`${hostname} (${outside.join(', ')})`);
      callback(new Error(`tripwire: ${hostname} resolved outside loopback`), address, family);
    });
}
