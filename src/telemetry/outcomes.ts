/**
 * What the sagas tell the metrics: how each order, release and renewal ended. The services
 * call it without knowing what counts (src/telemetry/metrics.ts); tests and tools that do not
 * count pass noOutcomes. The outcomes are closed lists: they become label values.
 */
export interface OutcomeOf {
  /** An order as settled: something bought, some of it, nothing. */
  order: 'complete' | 'partial' | 'failed';
  /** A release at the carrier: done, refused by the carrier, no answer (left pending). */
  release: 'released' | 'refused' | 'unknown';
  /** A number at the end of its paid month: renewed, released (auto_renew off), or the renewal failed. */
  renewal: 'renewed' | 'released' | 'failed';
}

export type OutcomeKind = keyof OutcomeOf;

export interface Outcomes {
  count<K extends OutcomeKind>(kind: K, outcome: OutcomeOf[K]): void;
}

export const noOutcomes: Outcomes = { count() {} };
