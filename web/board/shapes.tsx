/** SVG rendering of shapes and the building-block icons. Memoised per shape object. */
import { getStroke } from 'perfect-freehand';
import { memo } from 'react';
import { strokeStyleOf, type Board, type ComponentKind, type Shape } from '../../shared/board';
import { ARROW_LABEL_FONT, arrowEnds, arrowLabelBox, FRAME_TITLE, normalize } from './geometry';
import { arrowheadId, FILL_OPACITY, paint, PALETTE, STICKY_INK, stickyPaper } from './palette';

export const COMPONENTS: Record<ComponentKind, { label: string; color: string; icon: string }> = {
  client: { label: 'Client', color: '#64748b', icon: 'M4 5h16v10H4z M9 19h6 M12 15v4' },
  dns: { label: 'DNS', color: '#0891b2', icon: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z M3 12h18 M12 3c3 3 3 15 0 18 M12 3c-3 3-3 15 0 18' },
  cdn: { label: 'CDN', color: '#0d9488', icon: 'M6 18a4 4 0 0 1 0-8a6 6 0 0 1 11.5-1.5A4.5 4.5 0 0 1 18 18z' },
  'load-balancer': { label: 'Load balancer', color: '#7c3aed', icon: 'M12 4v5 M12 9l-7 7 M12 9v7 M12 9l7 7 M3 16h4v4H3z M10 16h4v4h-4z M17 16h4v4h-4z' },
  'api-gateway': { label: 'API gateway', color: '#9333ea', icon: 'M4 4h16v16H4z M4 9h16 M9 13l-2 2 2 2 M15 13l2 2-2 2' },
  'app-service': { label: 'App service', color: '#2563eb', icon: 'M4 5h16v5H4z M4 14h16v5H4z M7 7.5h.01 M7 16.5h.01' },
  worker: { label: 'Worker', color: '#4f46e5', icon: 'M12 8a4 4 0 1 0 0 8a4 4 0 1 0 0-8z M12 2v3 M12 19v3 M2 12h3 M19 12h3 M5 5l2 2 M17 17l2 2 M5 19l2-2 M17 7l2-2' },
  cache: { label: 'Cache', color: '#dc2626', icon: 'M13 2L4 14h7l-1 8 9-12h-7z' },
  'sql-database': { label: 'SQL database', color: '#16a34a', icon: 'M4 6c0-2 16-2 16 0v12c0 2-16 2-16 0z M4 6c0 2 16 2 16 0 M4 12c0 2 16 2 16 0' },
  'nosql-database': { label: 'NoSQL database', color: '#65a30d', icon: 'M4 6c0-2 16-2 16 0v12c0 2-16 2-16 0z M4 6c0 2 16 2 16 0 M8 12h8 M8 15h5' },
  'message-queue': { label: 'Message queue', color: '#ea580c', icon: 'M3 8h18v8H3z M7 8v8 M11 8v8 M15 8v8' },
  'object-storage': { label: 'Object storage', color: '#ca8a04', icon: 'M4 7l8-4 8 4v10l-8 4-8-4z M4 7l8 4 8-4 M12 11v10' },
  'search-index': { label: 'Search index', color: '#db2777', icon: 'M10 4a6 6 0 1 0 0 12a6 6 0 1 0 0-12z M15 15l5 5' },
  'rate-limiter': { label: 'Rate limiter', color: '#b45309', icon: 'M12 4a8 8 0 1 0 0 16a8 8 0 1 0 0-16z M12 12l4-3 M12 7v1' },
};

export function ComponentIcon({ kind, size = 20, color }: { kind: ComponentKind; size?: number; color?: string }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke={color ?? COMPONENTS[kind].color} strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={COMPONENTS[kind].icon} />
    </svg>
  );
}

const DEFAULT_STROKE = 'var(--board-ink)';

function strokeOf(s: Shape): string {
  return s.style?.stroke ? paint(s.style.stroke) : s.type === 'component' && s.component ? COMPONENTS[s.component].color : DEFAULT_STROKE;
}

/** Dashes scale with the line's width so a thick dotted line still reads as dots. */
function dashOf(s: Shape, width: number): string | undefined {
  const style = strokeStyleOf(s.style);
  if (style === 'dashed') return `${width * 4} ${width * 3}`;
  if (style === 'dotted') return `0 ${width * 2.5}`;
  return undefined;
}

function fillOf(s: Shape): { fill: string; fillOpacity?: number } {
  const f = s.style?.fill;
  if (!f) return { fill: 'var(--board-fill)' };
  if (f === 'transparent') return { fill: 'transparent' };
  return { fill: paint(f), fillOpacity: FILL_OPACITY };
}

/** An SVG path for a perfect-freehand stroke outline. */
export function penPath(points: Shape['points'], size: number): string {
  if (!points?.length) return '';
  const outline = getStroke(points.map(([x, y, p]) => [x, y, p ?? 0.5]), { size, thinning: 0.55, smoothing: 0.5, streamline: 0.4, simulatePressure: points.every((p) => p[2] === undefined) });
  if (!outline.length) return '';
  const d = outline.reduce<string[]>((acc, [x0, y0], i, arr) => {
    const [x1, y1] = arr[(i + 1) % arr.length]!;
    acc.push(`${x0!.toFixed(1)},${y0!.toFixed(1)} ${((x0! + x1!) / 2).toFixed(1)},${((y0! + y1!) / 2).toFixed(1)}`);
    return acc;
  }, ['M', `${outline[0]![0]!.toFixed(1)},${outline[0]![1]!.toFixed(1)}`, 'Q']);
  return d.join(' ') + ' Z';
}

function Label({ s, r, color = 'var(--board-ink)' }: { s: Shape; r: { x: number; y: number; w: number; h: number }; color?: string }) {
  if (!s.text) return null;
  const size = s.style?.fontSize ?? 16;
  const lines = s.text.split('\n');
  const top = r.y + r.h / 2 - ((lines.length - 1) * size * 1.2) / 2;
  return (
    <text x={r.x + r.w / 2} y={top} fontSize={size} textAnchor="middle" dominantBaseline="middle" fill={color} className="shape-text">
      {lines.map((l, i) => (
        <tspan key={i} x={r.x + r.w / 2} dy={i === 0 ? 0 : size * 1.2}>{l}</tspan>
      ))}
    </text>
  );
}

/** One shape. `board` is only read for arrows, which follow the shapes they are bound to. */
export const ShapeView = memo(function ShapeView({ s, board, ends }: { s: Shape; board: Board; ends?: string }) {
  void ends; // a key that changes when a bound arrow's ends move, so memo re-renders it
  const stroke = strokeOf(s);
  const width = s.style?.strokeWidth ?? 2;
  const { fill, fillOpacity } = fillOf(s);
  const dash = dashOf(s, width);
  const r = normalize(s);
  const line = { stroke, strokeWidth: width, strokeDasharray: dash, strokeLinecap: dash && dash.startsWith('0 ') ? ('round' as const) : undefined };
  switch (s.type) {
    case 'rect':
      return (
        <g data-shape={s.id} data-type="rect">
          <rect x={r.x} y={r.y} width={r.w} height={r.h} rx={6} fill={fill} fillOpacity={fillOpacity} {...line} />
          <Label s={s} r={r} />
        </g>
      );
    case 'ellipse':
      return (
        <g data-shape={s.id} data-type="ellipse">
          <ellipse cx={r.x + r.w / 2} cy={r.y + r.h / 2} rx={r.w / 2} ry={r.h / 2} fill={fill} fillOpacity={fillOpacity} {...line} />
          <Label s={s} r={r} />
        </g>
      );
    case 'diamond':
      return (
        <g data-shape={s.id} data-type="diamond">
          <polygon points={`${r.x + r.w / 2},${r.y} ${r.x + r.w},${r.y + r.h / 2} ${r.x + r.w / 2},${r.y + r.h} ${r.x},${r.y + r.h / 2}`} fill={fill} fillOpacity={fillOpacity} {...line} />
          <Label s={s} r={r} />
        </g>
      );
    case 'text':
      return (
        <g data-shape={s.id} data-type="text">
          <rect x={r.x} y={r.y} width={r.w} height={r.h} fill="transparent" />
          <Label s={{ ...s, text: s.text || ' ' }} r={r} color={s.style?.stroke ? paint(s.style.stroke) : undefined} />
        </g>
      );
    case 'component': {
      const kind = s.component!;
      const info = COMPONENTS[kind];
      return (
        <g data-shape={s.id} data-type="component" data-component={kind}>
          <rect x={r.x} y={r.y} width={r.w} height={r.h} rx={10} fill="var(--board-card)" {...line} />
          <rect x={r.x} y={r.y} width={6} height={r.h} rx={3} fill={info.color} />
          <g transform={`translate(${r.x + 14} ${r.y + r.h / 2 - 13}) scale(${26 / 24})`}>
            <path d={info.icon} fill="none" stroke={info.color} strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" />
          </g>
          <text x={r.x + 48} y={r.y + r.h / 2} fontSize={s.style?.fontSize ?? 14} dominantBaseline="middle" fill="var(--board-ink)" className="shape-text" fontWeight={600}>
            {s.text ?? info.label}
          </text>
        </g>
      );
    }
    case 'arrow': {
      const { start, end } = arrowEnds(s, board);
      const label = s.text ? arrowLabelBox(start, end, s.text) : null;
      const heads = s.style?.arrowheads ?? 'end';
      const marker = `url(#${arrowheadId(s.style?.stroke)})`;
      return (
        <g data-shape={s.id} data-type="arrow">
          <line x1={start.x} y1={start.y} x2={end.x} y2={end.y} stroke="transparent" strokeWidth={14} />
          <line x1={start.x} y1={start.y} x2={end.x} y2={end.y} {...line} markerEnd={heads === 'end' || heads === 'both' ? marker : undefined} markerStart={heads === 'start' || heads === 'both' ? marker : undefined} />
          {label && (
            <g className="arrow-label">
              <rect x={label.x} y={label.y} width={label.w} height={label.h} rx={4} fill="var(--board-bg)" opacity={0.85} />
              <text x={label.x + label.w / 2} y={label.y + label.h / 2} fontSize={ARROW_LABEL_FONT} textAnchor="middle" dominantBaseline="middle" fill="var(--board-ink)" className="shape-text">{s.text}</text>
            </g>
          )}
        </g>
      );
    }
    case 'sticky':
      return (
        <g data-shape={s.id} data-type="sticky">
          <rect x={r.x + 3} y={r.y + 4} width={r.w} height={r.h} rx={4} fill="rgb(0 0 0 / 0.18)" />
          <rect x={r.x} y={r.y} width={r.w} height={r.h} rx={4} fill={stickyPaper(s.style?.fill)} />
          <Label s={s} r={r} color={STICKY_INK} />
        </g>
      );
    case 'frame':
      return (
        <g data-shape={s.id} data-type="frame">
          <rect x={r.x} y={r.y} width={r.w} height={r.h} rx={8} fill="var(--board-frame)" stroke={s.style?.stroke ? stroke : 'var(--board-frame-edge)'} strokeWidth={1.5} strokeDasharray={dash} />
          <text x={r.x + 2} y={r.y - FRAME_TITLE / 2} fontSize={13} fontWeight={600} dominantBaseline="middle" fill="var(--board-frame-title)" className="shape-text">{s.text || 'Frame'}</text>
        </g>
      );
    case 'pen':
      return (
        <g data-shape={s.id} data-type="pen" transform={`translate(${s.x} ${s.y})`}>
          <path d={penPath(s.points, (s.style?.strokeWidth ?? 2) * 2.5)} fill={stroke} />
        </g>
      );
  }
  // A new board object arrives on every drag frame; only the shape itself, or for an arrow the
  // geometry of the shapes it is bound to (`ends`), decides whether it needs drawing again.
}, (prev, next) => prev.s === next.s && prev.ends === next.ends);

export function ArrowheadDefs() {
  return (
    <defs>
      <marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
        <path d="M 0 0 L 10 5 L 0 10 z" fill="var(--board-ink)" />
      </marker>
      {PALETTE.slice(1).map((c) => (
        <marker key={c.value} id={`arrowhead-${c.value.slice(1)}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill={c.value} />
        </marker>
      ))}
    </defs>
  );
}

/** A key for an arrow that changes whenever a shape it is bound to changes. */
export function arrowKey(s: Shape, board: Board): string | undefined {
  if (s.type !== 'arrow') return undefined;
  const f = s.from ? board.shapes.get(s.from) : undefined;
  const t = s.to ? board.shapes.get(s.to) : undefined;
  return `${f ? `${f.x},${f.y},${f.w},${f.h}` : ''}|${t ? `${t.x},${t.y},${t.w},${t.h}` : ''}`;
}
