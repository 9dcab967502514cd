/**
 * The fold of a session's event log into its state: the one definition used by the live room on the
 * server and by replay in the browser, so review shows exactly what the room showed.
 */
import { applyBoardOp, emptyBoard, type Board } from './board';
import { applyPhaseAction, initialClock, type ClockState, type PlannedPhase } from './clock';
import type { EstimateInputs } from './estimate';
import { ROOM_AUTHOR, type ChatLine, type CurveballDelivery, type EventDataByKind, type EventKind, type HintReveal, type Notes } from './protocol';

export interface SessionState {
  seq: number;
  clock: ClockState;
  board: Board;
  chat: ChatLine[];
  estimate: Partial<EstimateInputs>;
  figures: Record<string, number>;
  hints: HintReveal[];
  curveballs: CurveballDelivery[];
  notes: Notes;
}

export interface FoldableEvent {
  seq: number;
  ts: number;
  author: string;
  kind: EventKind;
  data: unknown;
}

/** An event as the log stores it: the fold's input plus the op id it came from (null: server-authored). */
export interface StoredEvent extends FoldableEvent {
  opId: string | null;
}

export function initialSessionState(plan: PlannedPhase[]): SessionState {
  return { seq: 0, clock: initialClock(plan.length), board: emptyBoard(), chat: [], estimate: {}, figures: {}, hints: [], curveballs: [], notes: {} };
}

/** Applies one stored event in place. `skipBoard` when the op was already applied while validating. */
export function applySessionEvent(state: SessionState, e: FoldableEvent, plan: PlannedPhase[], skipBoard = false): void {
  state.seq = e.seq;
  switch (e.kind) {
    case 'chat':
      state.chat.push({ seq: e.seq, ts: e.ts, author: e.author, text: (e.data as EventDataByKind['chat']).text });
      break;
    case 'board':
      if (!skipBoard) applyBoardOp(state.board, (e.data as EventDataByKind['board']).op);
      break;
    case 'phase': {
      const r = applyPhaseAction(state.clock, (e.data as EventDataByKind['phase']).action, e.ts, plan.length);
      if (r.ok) state.clock = r.clock;
      break;
    }
    case 'estimate': {
      const d = e.data as EventDataByKind['estimate'];
      if (d.inputs) state.estimate = { ...state.estimate, ...d.inputs };
      if (d.figures) {
        const figures = { ...state.figures };
        for (const [k, v] of Object.entries(d.figures)) {
          if (v === null) delete figures[k];
          else figures[k] = v;
        }
        state.figures = figures;
      }
      break;
    }
    case 'curveball': {
      const d = e.data as EventDataByKind['curveball'];
      state.curveballs.push({ seq: e.seq, ts: e.ts, id: d.id, text: d.text, phase: d.phase, auto: e.author === ROOM_AUTHOR });
      break;
    }
    case 'notes': {
      // Last writer wins per section, by seq: the fold applies them in log order.
      const d = e.data as EventDataByKind['notes'];
      state.notes = { ...state.notes, [d.section]: d.text };
      break;
    }
    case 'hint': {
      const d = e.data as EventDataByKind['hint'];
      state.hints.push({ seq: e.seq, ts: e.ts, id: d.id, text: d.text, phase: d.phase });
      break;
    }
    case 'system':
      break;
  }
}

export function foldEvents(plan: PlannedPhase[], events: Iterable<FoldableEvent>): SessionState {
  const state = initialSessionState(plan);
  for (const e of events) applySessionEvent(state, e, plan);
  return state;
}
