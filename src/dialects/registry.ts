import type { FastifyInstance } from 'fastify';
import { butterDialect } from './butter/butter.dialect.js';
import type { Dialect, DialectServices } from './dialect.js';
import { mountDialect } from './shared/mount.js';
import { signalwireLamlDialect, twilioDialect } from './laml/laml.dialect.js';
import { signalwireRelayDialect } from './signalwire-relay/relay.dialect.js';
import { talkoverDialect } from './talkover/talkover.dialect.js';
import { telnyxDialect } from './telnyx/telnyx.dialect.js';

/** Every provider-compatible surface Dialtone serves. */
export const DIALECTS: readonly Dialect[] = [telnyxDialect, twilioDialect, signalwireLamlDialect, signalwireRelayDialect, butterDialect, talkoverDialect];

/** Mounts every dialect under each of its prefixes. */
export async function registerDialects(app: FastifyInstance, services: DialectServices): Promise<void> {
  for (const dialect of DIALECTS) {
    for (const prefix of dialect.prefixes) await mountDialect(app, dialect, services, prefix);
  }
}
