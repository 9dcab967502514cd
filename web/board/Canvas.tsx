/** The board's SVG: grid, shapes, what is being drawn, selection, handles and peers' cursors. Draws only. */
import type { PointerEvent as ReactPointerEvent, MouseEvent as ReactMouseEvent, Ref } from 'react';
import type { Board, Shape } from '../../shared/board';
import { normalize, shapeBounds, type Viewport } from './geometry';
import type { Preview } from './interaction';
import { ArrowheadDefs, arrowKey, ShapeView } from './shapes';

export interface PeerCursor {
  userId: string;
  name: string;
  x: number;
  y: number;
}

const EMPTY: Board = { shapes: new Map(), order: [] };

export function Canvas({
  view,
  vp,
  grid,
  preview,
  selection,
  editingId,
  canEdit,
  cursors,
  svgRef,
  layerRef,
  onPointerDown,
  onPointerMove,
  onPointerUp,
  onDoubleClick,
}: {
  view: Board;
  vp: Viewport;
  grid: boolean;
  preview: Preview;
  selection: ReadonlySet<string>;
  editingId: string | null;
  canEdit: boolean;
  cursors: PeerCursor[];
  svgRef: Ref<SVGSVGElement>;
  layerRef: Ref<SVGGElement>;
  onPointerDown: (e: ReactPointerEvent<SVGSVGElement>) => void;
  onPointerMove: (e: ReactPointerEvent<SVGSVGElement>) => void;
  onPointerUp: (e: ReactPointerEvent<SVGSVGElement>) => void;
  onDoubleClick: (e: ReactMouseEvent<SVGSVGElement>) => void;
}) {
  const selected = [...selection].map((id) => view.shapes.get(id)).filter((s): s is Shape => !!s);
  const single = selected.length === 1 && selected[0]!.type !== 'arrow' && selected[0]!.type !== 'pen' ? selected[0]! : null;
  const gridSize = 20 * vp.zoom;
  const draft = preview.draft;
  return (
    <svg
      ref={svgRef}
      className="wb-svg"
      width="100%"
      height="100%"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={onDoubleClick}
      data-testid="board-svg"
    >
      <ArrowheadDefs />
      {grid && (
        <>
          <pattern id="wb-grid" width={gridSize} height={gridSize} patternUnits="userSpaceOnUse" x={-vp.x * vp.zoom} y={-vp.y * vp.zoom}>
            <circle cx={1} cy={1} r={1} fill="var(--board-grid)" />
          </pattern>
          <rect width="100%" height="100%" fill="url(#wb-grid)" />
        </>
      )}
      <g transform={`scale(${vp.zoom}) translate(${-vp.x} ${-vp.y})`}>
        <g ref={layerRef} className="wb-layer">
          {view.order.map((id) => {
            const s = view.shapes.get(id)!;
            if (editingId === id && s.type === 'text') return null;
            return <ShapeView key={id} s={s} board={s.type === 'arrow' ? view : EMPTY} ends={arrowKey(s, view)} />;
          })}
        </g>
        {draft && editingId !== draft.id && (
          <g className="wb-draft">
            <ShapeView s={draft} board={view} />
          </g>
        )}
        {[...preview.erasing].map((id) => {
          const s = view.shapes.get(id);
          if (!s) return null;
          const b = shapeBounds(s, view);
          return <rect key={id} className="wb-erasing" x={b.x - 4} y={b.y - 4} width={b.w + 8} height={b.h + 8} />;
        })}
        {selected.map((s) => {
          const b = shapeBounds(s, view);
          return <rect key={s.id} className="wb-selection" x={b.x - 4} y={b.y - 4} width={b.w + 8} height={b.h + 8} strokeWidth={1.5 / vp.zoom} data-selected={s.id} />;
        })}
        {single &&
          canEdit &&
          (() => {
            const r = normalize(single);
            const hs = 8 / vp.zoom;
            return [[r.x, r.y], [r.x + r.w, r.y], [r.x, r.y + r.h], [r.x + r.w, r.y + r.h]].map(([x, y], i) => (
              <rect key={i} className="wb-handle" x={x! - hs / 2} y={y! - hs / 2} width={hs} height={hs} strokeWidth={1.5 / vp.zoom} />
            ));
          })()}
        {preview.guides.x.map((x) => (
          <line key={`gx${x}`} className="wb-guide" x1={x} x2={x} y1={vp.y - 10000} y2={vp.y + 10000} strokeWidth={1 / vp.zoom} />
        ))}
        {preview.guides.y.map((y) => (
          <line key={`gy${y}`} className="wb-guide" y1={y} y2={y} x1={vp.x - 10000} x2={vp.x + 10000} strokeWidth={1 / vp.zoom} />
        ))}
        {preview.marquee && <rect className="wb-marquee" x={preview.marquee.x} y={preview.marquee.y} width={preview.marquee.w} height={preview.marquee.h} strokeWidth={1 / vp.zoom} />}
        {cursors.map((c) => (
          <g key={c.userId} className="wb-cursor" transform={`translate(${c.x} ${c.y}) scale(${1 / vp.zoom})`} data-cursor={c.name}>
            <path d="M0 0 L0 16 L4.5 12 L8 19 L10.5 18 L7 11 L13 11 Z" fill="var(--accent)" stroke="#fff" strokeWidth={1} />
            <rect x={14} y={14} width={c.name.length * 7 + 10} height={18} rx={4} fill="var(--accent)" />
            <text x={19} y={27} fontSize={12} fill="#fff">{c.name}</text>
          </g>
        ))}
      </g>
    </svg>
  );
}
