import { useEffect, useLayoutEffect, useRef } from 'react';

/**
 * Window key listeners registered once for the component's life. The handler is read from a ref, so
 * a board that changes on every remote op does not take the listeners down and up each time.
 */
export function useShortcuts(handler: (e: KeyboardEvent) => void): void {
  const current = useRef(handler);
  useLayoutEffect(() => {
    current.current = handler;
  });
  useEffect(() => {
    const on = (e: KeyboardEvent) => current.current(e);
    window.addEventListener('keydown', on);
    window.addEventListener('keyup', on);
    return () => {
      window.removeEventListener('keydown', on);
      window.removeEventListener('keyup', on);
    };
  }, []);
}

/** Is the key meant for a text field rather than the board? */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}
