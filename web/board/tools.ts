/** Whiteboard tools with their keyboard shortcuts (shown on the toolbar). */
export const TOOLS = [
  { id: 'select', label: 'Select', key: 'v' },
  { id: 'rect', label: 'Rectangle', key: 'r' },
  { id: 'ellipse', label: 'Ellipse', key: 'o' },
  { id: 'diamond', label: 'Diamond', key: 'd' },
  { id: 'arrow', label: 'Arrow', key: 'a' },
  { id: 'text', label: 'Text', key: 't' },
  { id: 'sticky', label: 'Sticky note', key: 's' },
  { id: 'frame', label: 'Frame', key: 'f' },
  { id: 'pen', label: 'Pen', key: 'p' },
  { id: 'pan', label: 'Pan', key: 'h' },
  { id: 'eraser', label: 'Eraser', key: 'e' },
] as const;

export type Tool = (typeof TOOLS)[number]['id'];

export const TOOL_ICONS: Record<Tool, string> = {
  select: 'M5 3l14 8-6 2-3 6z',
  rect: 'M4 6h16v12H4z',
  ellipse: 'M12 6c4.4 0 8 2.7 8 6s-3.6 6-8 6-8-2.7-8-6 3.6-6 8-6z',
  diamond: 'M12 3l9 9-9 9-9-9z',
  arrow: 'M4 20L20 4 M11 4h9v9',
  text: 'M5 5h14 M12 5v14 M9 19h6',
  sticky: 'M4 4h16v11l-5 5H4z M15 20v-5h5',
  frame: 'M7 3v18 M17 3v18 M3 7h18 M3 17h18',
  pen: 'M4 20c4-1 5-6 9-10l4-4 3 3-4 4c-4 4-9 5-10 9z',
  pan: 'M12 3v18 M3 12h18 M12 3l-3 3 M12 3l3 3 M12 21l-3-3 M12 21l3-3 M3 12l3-3 M3 12l3 3 M21 12l-3-3 M21 12l-3 3',
  eraser: 'M7 20h10 M5 14l8-8 6 6-8 8H8z',
};
