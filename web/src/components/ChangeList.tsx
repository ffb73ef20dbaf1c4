import { changeValue, label } from '../format';

/** What a change changed, field by field: the value before struck out, the value after beside it. */
export function ChangeList({ changes }: { changes: readonly { field: string; from: unknown; to: unknown }[] }) {
  return (
    <ul class="changes" aria-label="Changes">
      {changes.map((change) => (
        <li>
          <span class="field-name">{label(change.field)}</span>: <del>{changeValue(change.from)}</del> <span aria-hidden="true">→</span>
          <span class="visually-hidden">changed to</span> <ins>{changeValue(change.to)}</ins>
        </li>
      ))}
    </ul>
  );
}
