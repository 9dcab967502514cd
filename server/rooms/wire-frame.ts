/**
 * The two frames of nearly all live traffic, the peers' `event` and the sender's `ack`, built once as
 * complete WebSocket text frames (the RFC 6455 header, then the UTF-8 JSON) in one Buffer each, so a
 * connection writes each with one call on its TCP socket.
 *
 * Through `ws.send` a frame was a string concatenated from parts (flattened on the heap when encoded),
 * turned into a Buffer, given a separate header Buffer and two options objects, then written as a
 * corked two-chunk `writev`: a third of the server's garbage per op in the allocation profile
 * (bench/README). Here the parts are written straight into the frame's bytes, the event's body is
 * encoded once and copied into the ack, and the same bytes go to every peer.
 *
 * The text is exactly what `frames.ts`'s string builders produce; test/unit/wire-frame.test.ts checks
 * that byte for byte.
 */
import type { SessionEvent } from '../../shared/protocol';
import { ackFrame, eventFrame, eventJson } from './frames';

/** A server frame ready for the wire: `bytes` holds the header, then the JSON text. */
export class WireFrame {
  constructor(
    readonly bytes: Buffer,
    readonly headerLength: number,
  ) {}

  /** The JSON text (tests, and the fallback through `ws.send`). */
  text(): string {
    return this.bytes.toString('utf8', this.headerLength);
  }

  /** The payload without the header, sharing the bytes. */
  payload(): Buffer {
    return this.bytes.subarray(this.headerLength);
  }
}

/** What any outgoing frame can be: JSON text for `ws.send`, or bytes built for the wire. */
export type OutFrame = string | WireFrame;

export const frameText = (f: OutFrame): string => (typeof f === 'string' ? f : f.text());

const EVENT_HEAD = '{"type":"event",';
const ACK_HEAD = '{"type":"ack","opId":';

function headerLength(payloadBytes: number): number {
  return payloadBytes < 126 ? 2 : payloadBytes < 65_536 ? 4 : 10;
}

/** An unmasked, final text frame's header (server frames are never masked). */
function writeHeader(buf: Buffer, payloadBytes: number): number {
  buf[0] = 0x81;
  if (payloadBytes < 126) {
    buf[1] = payloadBytes;
    return 2;
  }
  if (payloadBytes < 65_536) {
    buf[1] = 126;
    buf.writeUInt16BE(payloadBytes, 2);
    return 4;
  }
  buf[1] = 127;
  buf.writeUInt32BE(Math.floor(payloadBytes / 2 ** 32), 2);
  buf.writeUInt32BE(payloadBytes >>> 0, 6);
  return 10;
}

const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

/** Decimal digits of a non-negative safe integer, without building its string. */
function digits(n: number): number {
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
}

function writeCount(buf: Buffer, n: number, at: number, width: number): number {
  for (let i = at + width - 1; i >= at; i--) {
    buf[i] = 48 + (n % 10);
    n = Math.floor(n / 10);
  }
  return at + width;
}

type EventHead = Pick<SessionEvent, 'seq' | 'ts' | 'author' | 'kind'>;

// The literal runs between the values; their lengths are part of each frame's size.
const TS = ',"ts":';
const AUTHOR = ',"author":';
const KIND = ',"kind":"';
const DATA = '","data":';
const EVENT = ',"event":{';

/** `<seqKey>N,"ts":N`, which both frames carry, written without building the numbers' strings. */
function writeCounts(buf: Buffer, at: number, seqKey: string, e: EventHead, seqDigits: number, tsDigits: number): number {
  at += buf.write(seqKey, at, 'latin1');
  at = writeCount(buf, e.seq, at, seqDigits);
  at += buf.write(TS, at, 'latin1');
  return writeCount(buf, e.ts, at, tsDigits);
}

/**
 * `{"type":"event","seq":…,"ts":…,"author":…,"kind":…,"data":…}` for the peers, from the event's
 * data already serialised (the log stores the same string).
 */
export function eventWireFrame(e: EventHead, dataJson: string): WireFrame {
  // Sequence numbers and server timestamps are non-negative integers; anything else takes the string way.
  if (!isCount(e.seq) || !isCount(e.ts)) return textFrame(eventFrame(eventJson(e, dataJson)));
  const author = JSON.stringify(e.author);
  const seqDigits = digits(e.seq);
  const tsDigits = digits(e.ts);
  const payload =
    EVENT_HEAD.length + '"seq":'.length + seqDigits + TS.length + tsDigits + AUTHOR.length + Buffer.byteLength(author) + KIND.length + e.kind.length + DATA.length + Buffer.byteLength(dataJson) + 1;
  const hl = headerLength(payload);
  const buf = Buffer.allocUnsafe(hl + payload);
  let at = writeHeader(buf, payload);
  at += buf.write(EVENT_HEAD, at, 'latin1');
  at = writeCounts(buf, at, '"seq":', e, seqDigits, tsDigits);
  at += buf.write(AUTHOR, at, 'latin1');
  at += buf.write(author, at, 'utf8');
  at += buf.write(KIND, at, 'latin1');
  at += buf.write(e.kind, at, 'latin1');
  at += buf.write(DATA, at, 'latin1');
  at += buf.write(dataJson, at, 'utf8');
  buf[at] = 0x7d; // }
  return new WireFrame(buf, hl);
}

/**
 * `{"type":"ack","opId":…,"seq":…,"ts":…,"event":{…}}` for the sender: the event's body is copied from
 * the peers' frame, so both carry the same bytes.
 */
export function ackWireFrame(opId: string, e: EventHead, event: WireFrame): WireFrame {
  if (!isCount(e.seq) || !isCount(e.ts)) return textFrame(ackFrame(opId, e.seq, e.ts, `{${event.text().slice(EVENT_HEAD.length)}`));
  const op = JSON.stringify(opId);
  const seqDigits = digits(e.seq);
  const tsDigits = digits(e.ts);
  // The event frame's body: everything after `{"type":"event",`, its closing brace included.
  const bodyStart = event.headerLength + EVENT_HEAD.length;
  const body = event.bytes.length - bodyStart;
  const payload = ACK_HEAD.length + Buffer.byteLength(op) + ',"seq":'.length + seqDigits + TS.length + tsDigits + EVENT.length + body + 1;
  const hl = headerLength(payload);
  const buf = Buffer.allocUnsafe(hl + payload);
  let at = writeHeader(buf, payload);
  at += buf.write(ACK_HEAD, at, 'latin1');
  at += buf.write(op, at, 'utf8');
  at = writeCounts(buf, at, ',"seq":', e, seqDigits, tsDigits);
  at += buf.write(EVENT, at, 'latin1');
  at += event.bytes.copy(buf, at, bodyStart);
  buf[at] = 0x7d; // }
  return new WireFrame(buf, hl);
}

/** Any JSON text as a wire frame. */
export function textFrame(text: string): WireFrame {
  const payload = Buffer.byteLength(text);
  const hl = headerLength(payload);
  const buf = Buffer.allocUnsafe(hl + payload);
  buf.write(text, writeHeader(buf, payload), 'utf8');
  return new WireFrame(buf, hl);
}
