import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * A filter form stays mounted as its URL changes, so the control it was applied from (a field
 * on Enter, Apply, a select) keeps the focus: a form remounted for each URL dropped it to the
 * page's body. Its uncontrolled fields show their defaults (the URL's values) again whenever
 * `state` changes, after Apply as after Clear, Back or a link; the field being typed in is
 * written only when its text differs, so its caret stays put otherwise.
 */
export function useFieldsFollow(state: string) {
  const form = useRef<HTMLFormElement>(null);
  useLayoutEffect(() => {
    for (const field of Array.from(form.current?.elements ?? [])) {
      if (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')) field.checked = field.defaultChecked;
      else if ((field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) && field.value !== field.defaultValue) field.value = field.defaultValue;
    }
  }, [state]);
  return form;
}
