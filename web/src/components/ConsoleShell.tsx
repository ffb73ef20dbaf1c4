import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { followLink } from '../router';

export interface NavLink {
  href: string;
  label: string;
  /** Whether the view shown is this link's (aria-current="page"). */
  current: boolean;
}

/**
 * The frame of a signed-in console, the operator's or an organization key's: a skip link, the
 * brand, the navigation, who is signed in with a way out, and the view in the main region.
 */
export function ConsoleShell({
  path,
  home,
  label,
  links,
  who,
  onSignOut,
  operator = false,
  children,
}: {
  /** The path of the view shown. */
  path: string;
  /** Where the brand links to. */
  home: string;
  /** The navigation's accessible name. */
  label: string;
  links: readonly NavLink[];
  who: ComponentChildren;
  onSignOut: () => void;
  operator?: boolean;
  children: ComponentChildren;
}) {
  const main = useRef<HTMLElement>(null);

  // A new view: the focus moves to its heading, so a screen reader announces where the user is.
  useEffect(() => {
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [path]);

  return (
    <div class={operator ? 'shell operator' : 'shell'} onClick={(event) => followLink(event)}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href={home}>
          <span class="brand-mark" aria-hidden="true" />
          Dialtone
        </a>
        <nav aria-label={label}>
          <ul>
            {links.map((link) => (
              <li key={link.href}>
                <a href={link.href} aria-current={link.current ? 'page' : undefined}>
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          {who}
          <button type="button" class="button quiet" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main}>
        {children}
      </main>
    </div>
  );
}
