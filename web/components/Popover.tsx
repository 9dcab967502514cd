/**
 * A small menu that pops over the page (the board's File menu, the room's Share menu): a native
 * `<details>`, so it opens with Enter or Space on its button, plus what a popover needs and
 * `<details>` lacks: Escape closes it and gives the focus back to its button, a click outside
 * closes it, and choosing one of its buttons closes it.
 */
import { useEffect, useRef, type ReactNode } from 'react';

export function Popover({
  className,
  buttonClassName,
  title,
  button,
  closeOnChoose = true,
  children,
}: {
  className: string;
  buttonClassName: string;
  title?: string;
  button: ReactNode;
  /** False keeps it open after a button in it is pressed (to show that button's "Copied ✓"). */
  closeOnChoose?: boolean;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const close = (refocus: boolean) => {
      const d = ref.current;
      if (!d?.open) return;
      d.open = false;
      if (refocus) d.querySelector('summary')?.focus();
    };
    // Capture: the Escape that closes a menu must not also clear the board's selection.
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !ref.current?.open) return;
      e.preventDefault();
      e.stopPropagation();
      close(ref.current.contains(document.activeElement));
    };
    const onPointer = (e: PointerEvent) => {
      if (ref.current?.open && !ref.current.contains(e.target as Node)) close(false);
    };
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, []);
  return (
    <details ref={ref} className={className}>
      <summary className={buttonClassName} title={title}>{button}</summary>
      {/* A chosen item closes the menu (a file input's label stays open: its chooser is on its way). */}
      <div
        className="popover-body"
        onClick={(e) => {
          if (closeOnChoose && (e.target as HTMLElement).closest('button') && ref.current) ref.current.open = false;
        }}
      >
        {children}
      </div>
    </details>
  );
}
