import { useLayoutEffect, useRef, useState } from 'preact/hooks';

/**
 * A filter form stays mounted as its URL changes, so the control it was applied from (a field
 * on Enter, Apply, a select) keeps the focus: a form remounted for each URL dropped it to the
 * page's body. Its uncontrolled fields show their defaults (the URL's values) again whenever
 * `state` changes, after Apply as after Clear, Back or a link; the field being typed in is
 * written only when its text differs, so its caret stays put otherwise. Text fields and boxes
 * are left uncontrolled (defaultValue, defaultChecked): a controlled one would be reset to its
 * empty default. Selects stay controlled, as Preact sets them.
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

/**
 * A form's own state that starts from the URL and starts over from it when `state` changes
 * (Back, a link), without remounting the form.
 */
export function useStateFollowing<T>(state: string, initial: () => T): [T, (value: T) => void] {
  const [held, setHeld] = useState(() => ({ state, value: initial() }));
  const current = held.state === state ? held : { state, value: initial() };
  if (current !== held) setHeld(current);
  return [current.value, (value: T) => setHeld({ state, value })];
}
