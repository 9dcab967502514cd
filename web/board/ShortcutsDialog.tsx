/** The list of keyboard shortcuts, opened with `?`: a modal dialog that Escape closes. */
import { useEffect, useRef } from 'react';
import { TOOLS } from './tools';

const OTHER: [string, string][] = [
  ['Ctrl+Z / Ctrl+Shift+Z', 'Undo / redo your own changes'],
  ['Ctrl+C, Ctrl+X, Ctrl+V', 'Copy, cut, paste (also into another session)'],
  ['Ctrl+D', 'Duplicate the selection'],
  ['Ctrl+A', 'Select everything'],
  ['Shift+click, drag on empty space', 'Add to the selection, select by area'],
  ['Delete', 'Delete the selection'],
  ['Arrow keys (Shift: 20 px)', 'Nudge the selection'],
  ['[ and ]', 'Send to back, bring to front'],
  ['Double-click', 'Edit a label (an arrow too); on empty space, add text'],
  ['Enter or Escape', 'Finish editing text (the text is kept)'],
  ['+ / - / 0 / Shift+1', 'Zoom in, out, to 100%, to fit'],
  ['Space + drag, middle button', 'Pan'],
  ['G', 'Grid and snapping'],
  ['Tab / Shift+Tab', "Move between the room's controls (Enter or Space presses one)"],
  ['Escape', 'Close a menu (File, Share), an editor or this list'],
  ['?', 'This list (anywhere but a text field)'],
];

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog shortcuts-dialog"
      aria-labelledby="wb-shortcuts-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open && (
        <div className="confirm-body">
          <div className="spread">
            <h2 id="wb-shortcuts-title">Keyboard shortcuts</h2>
            <button type="button" className="btn small" autoFocus onClick={onClose}>Close</button>
          </div>
          <table className="table compact">
            <tbody>
              {TOOLS.map((t) => (
                <tr key={t.id}><td><kbd>{t.key.toUpperCase()}</kbd></td><td>{t.label} tool</td></tr>
              ))}
              {OTHER.map(([k, what]) => (
                <tr key={k}><td><kbd>{k}</kbd></td><td>{what}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </dialog>
  );
}
