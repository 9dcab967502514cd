/**
 * The whiteboard: binds the interaction state machine (interaction.ts) to the DOM. It forwards pointer
 * and key events, keeps the viewport, undo history and clipboard, and draws through Canvas. Every
 * change leaves as board ops through `onOps`; the board shown is the server's plus our pending ops,
 * with the machine's preview on top while a pointer is down.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { applyBoardOp, cloneBoard, COMPONENT_KINDS, shapeSchema, type Board, type BoardOp, type ComponentKind, type Shape } from '../../shared/board';
import { Canvas, type PeerCursor } from './Canvas';
import { fromExcalidraw, importSummary, toExcalidraw } from './excalidraw';
import { boardSvg, download, svgToPng } from './export';
import { fitViewport, intersects, screenToWorld, shapeBounds, snap, unionBounds, worldToScreen, zoomAt, type Point, type Rect, type Viewport } from './geometry';
import { History, inverseOf } from './history';
import { applicableOps, initialState, interact, previewOf, type InputEvent, type InteractionState, type Result } from './interaction';
import { Outline } from './Outline';
import { COMPONENTS, ComponentIcon } from './shapes';
import { ShortcutsDialog } from './ShortcutsDialog';
import { StylePanel } from './StylePanel';
import { Toolbar } from './Toolbar';
import { isTyping, useShortcuts } from './useShortcuts';
import '../styles/board.css';

export type { PeerCursor } from './Canvas';

interface Props {
  board: Board;
  canEdit: boolean;
  onOps: (ops: BoardOp[]) => void;
  onCursor?: (p: Point) => void;
  cursors: PeerCursor[];
  /** Why the last change was refused (the board's budget), shown until the next one lands. */
  notice?: string | null;
}

let idCounter = 0;
export function newShapeId(): string {
  idCounter = (idCounter + 1) % 1e6;
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}${idCounter}`;
}

/** Copied shapes travel as JSON text, so they paste into another session (or another browser). */
const CLIPBOARD_TAG = 'mockroom/shapes';
const CLIPBOARD_KEY = 'mockroom.clipboard';
const STYLE_KEY = 'mockroom.boardStyle';

function parseClipboard(text: string | null | undefined): Shape[] | null {
  if (!text) return null;
  try {
    const data = JSON.parse(text) as { type?: string; shapes?: unknown[] };
    if (data.type !== CLIPBOARD_TAG || !Array.isArray(data.shapes)) return null;
    return data.shapes.map((s) => shapeSchema.safeParse(s)).filter((r) => r.success).map((r) => r.data);
  } catch {
    return null;
  }
}

function savedStyle(): InteractionState['style'] {
  try {
    const parsed = shapeSchema.shape.style.safeParse(JSON.parse(localStorage.getItem(STYLE_KEY) ?? 'null') ?? undefined);
    return parsed.success && parsed.data ? parsed.data : {};
  } catch {
    return {};
  }
}

export function Whiteboard({ board, canEdit, onOps, onCursor, cursors, notice }: Props) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const layerRef = useRef<SVGGElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const [ix, setIx] = useState<InteractionState>(() => ({ ...initialState(), style: savedStyle() }));
  const [preview, setPreview] = useState(() => previewOf(initialState(), { board, grid: true, zoom: 1 }));
  const [vp, setVp] = useState<Viewport>({ x: -40, y: -40, zoom: 1 });
  const [grid, setGrid] = useState(true);
  const [outlineOpen, setOutlineOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [follow, setFollow] = useState<string | null>(null);
  const [size, setSize] = useState({ w: 800, h: 600 });
  const [sized, setSized] = useState(false);
  const [importNote, setImportNote] = useState<string | null>(null);
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const [history] = useState(() => new History());
  // The latest values for handlers that run between renders (pointer moves, window keys).
  const live = useRef({ ix, board, canEdit, grid, vp, onOps });
  useLayoutEffect(() => {
    live.current = { ix: live.current.ix, board, canEdit, grid, vp, onOps };
  });
  const pan = useRef<{ startScreen: Point; startVp: Viewport } | null>(null);
  // Touch: two pointers down pinch-zoom around their midpoint.
  const pointers = useRef(new Map<number, Point>());
  const pinch = useRef<{ dist: number; vp: Viewport; mid: Point } | null>(null);
  const spaceDown = useRef(false);
  const lastCursorSent = useRef(0);

  /** Sends ops and records them (with their inverses) for undo. */
  const commit = useCallback((ops: BoardOp[], inverse?: BoardOp[]) => {
    const { canEdit: may, board: b, onOps: send } = live.current;
    if (!ops.length || !may) return;
    if (inverse) history.record({ forward: ops, inverse });
    else {
      const scratch = cloneBoard(b);
      const inv: BoardOp[] = [];
      for (const op of ops) {
        inv.unshift(...inverseOf(scratch, op));
        applyBoardOp(scratch, op);
      }
      history.record({ forward: ops, inverse: inv });
    }
    send(ops);
    bump();
  }, [history]);

  /** Runs one input event through the state machine and acts on what it returns. */
  const dispatch = useCallback(
    (ev: InputEvent): Result => {
      const l = live.current;
      const r = interact(l.ix, ev, { board: l.board, canEdit: l.canEdit, zoom: l.vp.zoom, grid: l.grid, newId: newShapeId, now: performance.now() });
      live.current.ix = r.state;
      setIx(r.state);
      setPreview(r.preview);
      if (r.ops.length) {
        if (r.live) l.onOps(r.ops);
        else commit(r.ops, r.inverse);
      }
      if (r.state.style !== l.ix.style) localStorage.setItem(STYLE_KEY, JSON.stringify(r.state.style));
      return r;
    },
    [commit],
  );

  const tool = canEdit ? ix.tool : ix.tool === 'pan' ? 'pan' : 'select';
  const selection = useMemo(() => new Set([...ix.selection].filter((id) => board.shapes.has(id))), [ix.selection, board]);

  // The board as drawn: server + pending, with this pointer's previews on top.
  const view = useMemo(() => {
    if (!preview.overrides) return board;
    const b = cloneBoard(board);
    for (const [id, s] of preview.overrides) if (b.shapes.has(id)) b.shapes.set(id, s);
    return b;
  }, [board, preview.overrides]);

  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      setSize({ w: el.clientWidth, h: el.clientHeight });
      setSized(true);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // A read-only board (an ended room) opens fitted to its content, so nothing sits off-screen.
  const [fitted, setFitted] = useState(false);
  if (!canEdit && !fitted && board.order.length > 0 && sized) {
    setFitted(true);
    setVp(fitViewport(board, size));
  }

  const undoRedo = useCallback((which: 'undo' | 'redo') => {
    const ops = which === 'undo' ? history.undo() : history.redo();
    if (!ops) return;
    // Ops that can no longer apply (a peer deleted the shape) are skipped: undo what still can be.
    live.current.onOps(applicableOps(ops, live.current.board));
    bump();
  }, [history]);

  const zoomBy = useCallback((factor: number) => setVp((v) => zoomAt(v, { x: size.w / 2, y: size.h / 2 }, v.zoom * factor)), [size]);
  const fit = useCallback(() => setVp(fitViewport(live.current.board, size)), [size]);

  const addComponent = useCallback(
    (kind: ComponentKind, at?: Point, label?: string) => {
      const b = live.current.board;
      const c = at ?? screenToWorld({ x: size.w / 2, y: size.h / 2 }, vp);
      const spot: Rect = { x: snap(c.x - 90, grid), y: snap(c.y - 30, grid), w: 180, h: 60 };
      // Clicking several blocks in a row stacks them instead of piling them on one spot.
      if (!at) {
        const taken = [...b.shapes.values()].map((s) => shapeBounds(s, b));
        for (let i = 0; i < 40 && taken.some((r) => intersects(r, spot)); i++) spot.y += 100;
      }
      const shape: Shape = { id: newShapeId(), type: 'component', component: kind, ...spot, text: label ?? COMPONENTS[kind].label };
      commit([{ kind: 'add', shape }]);
      dispatch({ type: 'select', ids: [shape.id] });
      return shape.id;
    },
    [size, vp, grid, commit, dispatch],
  );

  const exportAs = async (format: 'svg' | 'png' | 'excalidraw') => {
    if (format === 'excalidraw') {
      download(new Blob([JSON.stringify(toExcalidraw(board), null, 2)], { type: 'application/json' }), 'design.excalidraw');
      return;
    }
    const layer = layerRef.current;
    if (!layer) return;
    const bounds = unionBounds([...board.shapes.values()].map((s) => shapeBounds(s, board))) ?? { x: 0, y: 0, w: 400, h: 300 };
    const svg = boardSvg(layer, svgRef.current?.querySelector('defs') ?? null, bounds);
    if (format === 'svg') download(new Blob([svg], { type: 'image/svg+xml' }), 'design.svg');
    else download(await svgToPng(svg), 'design.png');
  };

  const importFile = async (file: File) => {
    try {
      const imported = fromExcalidraw(JSON.parse(await file.text()));
      // Through the normal path: new ids, ops, the server's budgets.
      dispatch({ type: 'paste', shapes: imported.shapes, offset: 0 });
      setImportNote(importSummary(imported));
      requestAnimationFrame(() => setVp(fitViewport(live.current.board, size)));
    } catch (err) {
      setImportNote(err instanceof Error ? err.message : 'Could not read that file.');
    }
  };

  // ---------------------------------------------------------------------------------------------
  // Keyboard: registered once; reads the latest state through `live`.

  const boardHasFocus = () => {
    const active = document.activeElement;
    return !active || active === document.body || !!wrapRef.current?.closest('.whiteboard')?.contains(active);
  };

  useShortcuts((e) => {
    if (e.key === ' ' && !isTyping(e.target)) {
      spaceDown.current = e.type === 'keydown';
      if (e.type === 'keydown' && wrapRef.current?.contains(document.activeElement)) e.preventDefault();
      return;
    }
    if (e.type !== 'keydown' || isTyping(e.target) || live.current.ix.editing || helpOpen) return;
    // The list of shortcuts from anywhere in the room but a text field (a tab, a panel's button).
    if (e.key === '?' && !e.ctrlKey && !e.metaKey) return setHelpOpen(true);
    // Everything else only when the board has focus or nothing else does, so chat keys never draw.
    if (!boardHasFocus()) return;
    const mod = e.ctrlKey || e.metaKey;
    const k = e.key.toLowerCase();
    if (mod && k === 'z') return (e.preventDefault(), undoRedo(e.shiftKey ? 'redo' : 'undo'));
    if (mod && k === 'y') return (e.preventDefault(), undoRedo('redo'));
    if (mod && (k === 'c' || k === 'x' || k === 'v')) return; // the copy, cut and paste events below
    if (!mod) {
      if (e.key === '+' || e.key === '=') return zoomBy(1.2);
      if (e.key === '-' || e.key === '_') return zoomBy(1 / 1.2);
      if (e.key === '!' || (e.shiftKey && e.code === 'Digit1')) return fit();
      if (e.key === '0') return setVp((v) => zoomAt(v, { x: size.w / 2, y: size.h / 2 }, 1));
      if (k === 'g') return setGrid((g) => !g);
    }
    const r = dispatch({ type: 'key', key: e.key, shift: e.shiftKey, mod });
    if (r.handled) e.preventDefault();
  });

  // Copy, cut and paste as clipboard events: they work without a permission prompt, and the JSON
  // they carry pastes into another session. localStorage keeps a copy for browsers that refuse.
  useEffect(() => {
    const selectedShapes = () => {
      const { ix: s, board: b } = live.current;
      const ids = new Set(s.selection);
      const shapes = b.order.filter((id) => ids.has(id)).map((id) => b.shapes.get(id)!);
      return shapes;
    };
    const onCopy = (e: ClipboardEvent) => {
      if (isTyping(e.target) || live.current.ix.editing || !boardHasFocus()) return;
      const shapes = selectedShapes();
      if (!shapes.length) return;
      const text = JSON.stringify({ type: CLIPBOARD_TAG, shapes });
      e.clipboardData?.setData('text/plain', text);
      localStorage.setItem(CLIPBOARD_KEY, text);
      e.preventDefault();
      if (e.type === 'cut') dispatch({ type: 'delete' });
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isTyping(e.target) || live.current.ix.editing || !boardHasFocus()) return;
      const shapes = parseClipboard(e.clipboardData?.getData('text/plain')) ?? parseClipboard(localStorage.getItem(CLIPBOARD_KEY));
      if (!shapes?.length) return;
      e.preventDefault();
      dispatch({ type: 'paste', shapes, offset: 30 });
    };
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [dispatch]);

  // ---------------------------------------------------------------------------------------------
  // Pointer: screen → world, then the state machine. Pan and pinch move the viewport here.

  const screenPoint = (e: { clientX: number; clientY: number }): Point => {
    const r = wrapRef.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const toWorld = (e: { clientX: number; clientY: number }): Point => screenToWorld(screenPoint(e), vp);

  const onPointerDown = (e: ReactPointerEvent<SVGSVGElement>) => {
    (e.target as Element).setPointerCapture?.(e.pointerId);
    pointers.current.set(e.pointerId, screenPoint(e));
    if (pointers.current.size === 2) {
      // A second finger turns whatever the first one started into a pinch.
      dispatch({ type: 'cancel' });
      const [a, b] = [...pointers.current.values()] as [Point, Point];
      pinch.current = { dist: Math.hypot(a.x - b.x, a.y - b.y) || 1, vp, mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } };
      return;
    }
    const editing = !!live.current.ix.editing;
    if (e.button === 1 || spaceDown.current || tool === 'pan') {
      pan.current = { startScreen: { x: e.clientX, y: e.clientY }, startVp: vp };
    } else if (e.button === 0) {
      dispatch({ type: 'pointerdown', p: toWorld(e), shift: e.shiftKey, pressure: e.pressure });
    }
    // A press that closed an editor only closes it; either way the board takes the keyboard.
    if (!editing || !live.current.ix.editing) wrapRef.current?.focus({ preventScroll: true });
  };

  const onPointerMove = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (pointers.current.has(e.pointerId)) pointers.current.set(e.pointerId, screenPoint(e));
    if (pinch.current && pointers.current.size >= 2) {
      const [a, b] = [...pointers.current.values()] as [Point, Point];
      const pc = pinch.current;
      const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      const zoomed = zoomAt(pc.vp, pc.mid, pc.vp.zoom * (Math.hypot(a.x - b.x, a.y - b.y) / pc.dist));
      setVp({ ...zoomed, x: zoomed.x - (mid.x - pc.mid.x) / zoomed.zoom, y: zoomed.y - (mid.y - pc.mid.y) / zoomed.zoom });
      return;
    }
    const p = toWorld(e);
    const now = performance.now();
    if (onCursor && now - lastCursorSent.current > 50) {
      lastCursorSent.current = now;
      onCursor(p);
    }
    const pn = pan.current;
    if (pn) {
      setVp({ ...pn.startVp, x: pn.startVp.x - (e.clientX - pn.startScreen.x) / pn.startVp.zoom, y: pn.startVp.y - (e.clientY - pn.startScreen.y) / pn.startVp.zoom });
      return;
    }
    if (live.current.ix.drag) dispatch({ type: 'pointermove', p, pressure: e.pressure });
  };

  const onPointerUp = (e: ReactPointerEvent<SVGSVGElement>) => {
    pointers.current.delete(e.pointerId);
    if (pinch.current) {
      if (pointers.current.size < 2) pinch.current = null;
      return;
    }
    if (pan.current) {
      pan.current = null;
      return;
    }
    if (live.current.ix.drag) dispatch({ type: 'pointerup', p: toWorld(e) });
  };

  const onWheel = (e: React.WheelEvent) => {
    const r = wrapRef.current!.getBoundingClientRect();
    if (e.ctrlKey || e.metaKey) {
      setVp((v) => zoomAt(v, { x: e.clientX - r.left, y: e.clientY - r.top }, v.zoom * Math.exp(-e.deltaY * 0.0025)));
    } else {
      setVp((v) => ({ ...v, x: v.x + e.deltaX / v.zoom, y: v.y + e.deltaY / v.zoom }));
    }
  };

  // Ctrl+wheel must not zoom the page itself: React's onWheel is passive, so block it natively.
  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const block = (e: WheelEvent) => e.preventDefault();
    el.addEventListener('wheel', block, { passive: false });
    return () => el.removeEventListener('wheel', block);
  }, []);

  /** Enter, Escape or leaving the editor: all keep the text, and the board gets the keyboard back. */
  const finishEditing = (refocus: boolean) => {
    if (!live.current.ix.editing) return;
    dispatch({ type: 'edit-done' });
    if (refocus) wrapRef.current?.focus({ preventScroll: true });
  };

  // Follow a peer: keep their cursor in the middle of the view.
  const followed = follow ? cursors.find((c) => c.userId === follow) : undefined;
  const followKey = followed ? `${followed.x},${followed.y}` : null;
  const [followedAt, setFollowedAt] = useState<string | null>(null);
  if (followKey !== followedAt) {
    setFollowedAt(followKey);
    if (followed) {
      const sp = worldToScreen(followed, vp);
      const mx = size.w * 0.2;
      const my = size.h * 0.2;
      if (sp.x < mx || sp.x > size.w - mx || sp.y < my || sp.y > size.h - my) {
        setVp({ ...vp, x: followed.x - size.w / 2 / vp.zoom, y: followed.y - size.h / 2 / vp.zoom });
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Render

  const editing = ix.editing;
  const editingShape = editing ? (editing.draft ?? view.shapes.get(editing.id) ?? null) : null;
  const editRect = editingShape
    ? (() => {
        const b = shapeBounds(editingShape, view);
        const tl = worldToScreen({ x: b.x, y: b.y }, vp);
        return { left: tl.x, top: tl.y, width: Math.max(160, b.w * vp.zoom), height: Math.max(36, Math.min(b.h, 200) * vp.zoom) };
      })()
    : null;
  const selectedShapes = [...selection].map((id) => board.shapes.get(id)!);
  const styleShown = canEdit && (selectedShapes.length > 0 || ['rect', 'ellipse', 'diamond', 'arrow', 'pen', 'text', 'sticky', 'frame'].includes(tool));
  // With one shape selected the panel shows its style; otherwise the style new shapes will get.
  const shownStyle = selectedShapes.length === 1 ? { ...ix.style, ...selectedShapes[0]!.style } : ix.style;

  return (
    <div className="whiteboard" data-tool={tool}>
      <Toolbar
        tool={tool}
        canEdit={canEdit}
        canUndo={history.canUndo}
        canRedo={history.canRedo}
        grid={grid}
        outlineOpen={outlineOpen}
        onEvent={(ev) => dispatch(ev)}
        onUndo={() => undoRedo('undo')}
        onRedo={() => undoRedo('redo')}
        onGrid={() => setGrid(!grid)}
        onOutline={() => setOutlineOpen(!outlineOpen)}
        onExport={(f) => void exportAs(f)}
        onImport={(f) => void importFile(f)}
        onHelp={() => setHelpOpen(true)}
      />
      {(notice || importNote) && (
        <p className="wb-notice" role="status">
          {notice ?? importNote}
          {!notice && <button className="btn ghost small" aria-label="Dismiss" onClick={() => setImportNote(null)}>×</button>}
        </p>
      )}
      <div className="wb-body">
        {canEdit && (
          <div className="wb-palette" aria-label="Building blocks">
            {COMPONENT_KINDS.map((k) => (
              <button
                key={k}
                className="wb-block"
                draggable
                onDragStart={(e) => e.dataTransfer.setData('application/x-mockroom-component', k)}
                onClick={() => addComponent(k)}
                title={`Add ${COMPONENTS[k].label} (or drag it onto the board)`}
              >
                <ComponentIcon kind={k} />
                <span>{COMPONENTS[k].label}</span>
              </button>
            ))}
          </div>
        )}
        <div
          className="wb-canvas"
          ref={wrapRef}
          tabIndex={0}
          role="application"
          aria-label="Whiteboard canvas. Use the Outline button for a keyboard-friendly list of components and connections; press ? for shortcuts."
          onWheel={onWheel}
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => {
            const kind = e.dataTransfer.getData('application/x-mockroom-component') as ComponentKind;
            if (kind && (COMPONENT_KINDS as readonly string[]).includes(kind)) {
              e.preventDefault();
              addComponent(kind, toWorld(e));
            }
          }}
        >
          <Canvas
            view={view}
            vp={vp}
            grid={grid}
            preview={preview}
            selection={selection}
            editingId={editing?.id ?? null}
            canEdit={canEdit}
            cursors={cursors}
            svgRef={svgRef}
            layerRef={layerRef}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onDoubleClick={(e) => dispatch({ type: 'doubleclick', p: toWorld(e) })}
          />
          {styleShown && (
            <StylePanel
              style={shownStyle}
              showArrowheads={tool === 'arrow' || selectedShapes.some((s) => s.type === 'arrow')}
              selected={selectedShapes.length}
              onChange={(patch) => dispatch({ type: 'style', patch })}
              onEvent={(ev) => dispatch(ev)}
            />
          )}
          {editing && editRect && (
            <textarea
              className="wb-editor"
              aria-label="Shape text"
              autoFocus
              style={{ left: editRect.left, top: editRect.top, width: editRect.width, height: editRect.height }}
              value={editing.text}
              maxLength={2000}
              onChange={(e) => dispatch({ type: 'edit', text: e.target.value })}
              onBlur={() => finishEditing(false)}
              onKeyDown={(e) => {
                // As in Excalidraw, Escape keeps what was typed.
                if (e.key === 'Escape' || (e.key === 'Enter' && !e.shiftKey)) {
                  e.preventDefault();
                  finishEditing(true);
                }
              }}
            />
          )}
          <div className="wb-zoom" role="group" aria-label="Zoom">
            <button className="btn small" onClick={() => zoomBy(1 / 1.2)} aria-label="Zoom out (-)">−</button>
            <button className="btn small" onClick={() => setVp((v) => zoomAt(v, { x: size.w / 2, y: size.h / 2 }, 1))} aria-label="Reset zoom (0)">{Math.round(vp.zoom * 100)}%</button>
            <button className="btn small" onClick={() => zoomBy(1.2)} aria-label="Zoom in (+)">+</button>
            <button className="btn small" onClick={fit} aria-label="Fit to content (Shift+1)">Fit</button>
          </div>
          {cursors.length > 0 && (
            <div className="wb-follow">
              {cursors.map((c) => (
                <button key={c.userId} className={`btn small ${follow === c.userId ? 'primary' : ''}`} aria-pressed={follow === c.userId} onClick={() => setFollow(follow === c.userId ? null : c.userId)}>
                  {follow === c.userId ? `Following ${c.name}` : `Follow ${c.name}`}
                </button>
              ))}
            </div>
          )}
          {board.order.length === 0 && canEdit && !preview.draft && (
            <p className="wb-empty muted">Drag building blocks from the left, or pick a tool: R rectangle, A arrow, T text, S sticky note, F frame. Press ? for all shortcuts.</p>
          )}
        </div>
        {outlineOpen && <Outline board={view} canEdit={canEdit} onOps={(ops) => commit(ops)} addComponent={addComponent} onClose={() => setOutlineOpen(false)} />}
      </div>
      <ShortcutsDialog open={helpOpen} onClose={() => {
        setHelpOpen(false);
        wrapRef.current?.focus({ preventScroll: true });
      }} />
    </div>
  );
}
