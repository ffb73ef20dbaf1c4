import { label } from '../format';

const TONES: Record<string, string> = {
  active: 'good',
  suspended: 'warn',
  port_pending: 'info',
  purchase_pending: 'info',
  release_pending: 'warn',
  port_failed: 'bad',
  purchase_failed: 'bad',
  released: 'muted',
};

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge ${TONES[status] ?? 'muted'}`}>{label(status)}</span>;
}
