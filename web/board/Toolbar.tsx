/**
 * The board's toolbar: tools, undo/redo, view and file actions. It is the same with or without a
 * selection (what to do with one lives in the style panel, as in Excalidraw), so it never grows into a
 * second row when something is picked (one row at 1024 px with the side panel open).
 */
import { Popover } from '../components/Popover';
import type { InputEvent } from './interaction';
import { TOOL_ICONS, TOOLS, type Tool } from './tools';

export function Toolbar({
  tool,
  canEdit,
  canUndo,
  canRedo,
  grid,
  outlineOpen,
  onEvent,
  onUndo,
  onRedo,
  onGrid,
  onOutline,
  onExport,
  onImport,
  onHelp,
}: {
  tool: Tool;
  canEdit: boolean;
  canUndo: boolean;
  canRedo: boolean;
  grid: boolean;
  outlineOpen: boolean;
  onEvent: (ev: InputEvent) => void;
  onUndo: () => void;
  onRedo: () => void;
  onGrid: () => void;
  onOutline: () => void;
  onExport: (format: 'png' | 'svg' | 'excalidraw') => void;
  onImport: (file: File) => void;
  onHelp: () => void;
}) {
  return (
    <div className="wb-toolbar" role="toolbar" aria-label="Whiteboard tools">
      {TOOLS.map((t) => {
        const disabled = !canEdit && t.id !== 'select' && t.id !== 'pan';
        return (
          <button
            key={t.id}
            className={`wb-tool has-icon ${tool === t.id ? 'active' : ''}`}
            aria-pressed={tool === t.id}
            aria-keyshortcuts={t.key.toUpperCase()}
            title={`${t.label} (${t.key.toUpperCase()})`}
            disabled={disabled}
            onClick={() => onEvent({ type: 'tool', tool: t.id })}
          >
            <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true"><path d={TOOL_ICONS[t.id]} /></svg>
            <span className="wb-tool-label">{t.label}</span>
            <kbd>{t.key.toUpperCase()}</kbd>
          </button>
        );
      })}
      <span className="wb-sep" />
      <button className="wb-tool has-icon" onClick={onUndo} disabled={!canEdit || !canUndo} title="Undo (Ctrl+Z)" aria-keyshortcuts="Control+Z">
        <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true"><path d="M9 14 4 9l5-5 M4 9h10.5a5.5 5.5 0 0 1 0 11H11" /></svg>
        <span className="wb-tool-label">Undo</span>
      </button>
      <button className="wb-tool has-icon" onClick={onRedo} disabled={!canEdit || !canRedo} title="Redo (Ctrl+Shift+Z)" aria-keyshortcuts="Control+Shift+Z">
        <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true"><path d="m15 14 5-5-5-5 M20 9H9.5a5.5 5.5 0 0 0 0 11H13" /></svg>
        <span className="wb-tool-label">Redo</span>
      </button>
      <span className="wb-spacer" />
      <button className="wb-tool" aria-pressed={grid} onClick={onGrid} title="Grid and snapping (G)"><span className="wb-tool-label">Grid</span></button>
      <button className="wb-tool" aria-pressed={outlineOpen} onClick={onOutline} title="Keyboard-friendly outline of the diagram"><span className="wb-tool-label">Outline</span></button>
      <Popover className="wb-menu" buttonClassName="wb-tool" title="Export or import the board" button={<span className="wb-tool-label">File</span>}>
        <div className="wb-pop right" role="group" aria-label="Export and import">
          <button className="wb-tool" onClick={() => onExport('png')} title="Export as PNG">PNG</button>
          <button className="wb-tool" onClick={() => onExport('svg')} title="Export as SVG">SVG</button>
          <button className="wb-tool" onClick={() => onExport('excalidraw')} title="Export as an Excalidraw file">Excalidraw file</button>
          {canEdit && (
            <label className="wb-tool">
              Import .excalidraw
              <input
                type="file"
                accept=".excalidraw,application/json"
                className="visually-hidden"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  if (f) onImport(f);
                  e.target.value = '';
                }}
              />
            </label>
          )}
        </div>
      </Popover>
      <button className="wb-tool" onClick={onHelp} title="Keyboard shortcuts (?)" aria-keyshortcuts="Shift+?" aria-label="Keyboard shortcuts">?</button>
    </div>
  );
}
