import type { EgressGuard } from '../egress/egress-guard.js';
import type { CarrierCallObserver } from './carrier-http.js';
import type { CarrierAdapter, CarrierName } from './carrier.js';
import type { SandboxRepo } from './sandbox/sandbox.repo.js';
import { SandboxCarrier } from './sandbox/sandbox.adapter.js';
import { SignalWireCarrier } from './signalwire/signalwire.adapter.js';
import { TelnyxCarrier } from './telnyx/telnyx.adapter.js';
import { TwilioCarrier } from './twilio/twilio.adapter.js';

/** Every carrier's adapter, keyed by name: leaving one out fails to compile. */
export type CarrierRegistry = { readonly [K in CarrierName]: CarrierAdapter & { readonly name: K } };

export interface CarrierSettings {
  sandboxRepo: SandboxRepo;
  clock: () => Date;
  /** How long a released sandbox number rests before it is offered again. */
  sandboxHoldPeriodMs: number;
  /** Per call to a carrier's API. */
  timeoutMs: number;
  /** The way out for every carrier call. */
  egress: EgressGuard;
  /** Told of every carrier call (the metrics). */
  observer?: CarrierCallObserver;
}

export function createCarrierRegistry(settings: CarrierSettings): CarrierRegistry {
  const { timeoutMs, egress, observer } = settings;
  return {
    sandbox: new SandboxCarrier(settings.sandboxRepo, { holdPeriodMs: settings.sandboxHoldPeriodMs, clock: settings.clock }),
    telnyx: new TelnyxCarrier({ timeoutMs, egress, observer, pollIntervalMs: 500, pollAttempts: 6 }),
    signalwire: new SignalWireCarrier({ timeoutMs, egress, observer }),
    twilio: new TwilioCarrier({ timeoutMs, egress, observer }),
  };
}
