/**
 * A small iCalendar (RFC 5545) writer for what the calendar feed needs: a VCALENDAR of VEVENTs with
 * UTC times. Pure: no clock, no I/O. Lines end in CRLF and are folded at 75 octets (never inside a
 * UTF-8 sequence); TEXT values escape backslash, semicolon, comma and newlines (§3.3.11).
 */

export interface IcsEvent {
  /** Stable across edits: calendars match updates to entries by it. */
  uid: string;
  /** Bumped on each change a calendar should notice. */
  sequence: number;
  /** Epoch ms: when this version of the event was made (DTSTAMP and LAST-MODIFIED). */
  stamp: number;
  start: number;
  end: number;
  summary: string;
  description?: string;
  url?: string;
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
}

export interface IcsCalendar {
  /** PRODID, e.g. "-//mockroom//calendar//EN". */
  prodId: string;
  /** Shown by calendar apps as the subscription's name (X-WR-CALNAME, NAME of RFC 7986). */
  name?: string;
  events: IcsEvent[];
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** TEXT escaping (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds one content line at 75 octets; continuation lines start with a space (which counts). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > MAX_OCTETS) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join(CRLF);
}

/** DATE-TIME in UTC: 20261201T190000Z. */
export function utcDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function eventLines(e: IcsEvent): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(e.uid)}`,
    `DTSTAMP:${utcDateTime(e.stamp)}`,
    `LAST-MODIFIED:${utcDateTime(e.stamp)}`,
    `SEQUENCE:${e.sequence}`,
    `DTSTART:${utcDateTime(e.start)}`,
    `DTEND:${utcDateTime(e.end)}`,
    `SUMMARY:${escapeText(e.summary)}`,
  ];
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  // URL is a URI value, not TEXT: no escaping (our URLs hold no control characters).
  if (e.url) lines.push(`URL:${e.url}`);
  lines.push(`STATUS:${e.status}`, 'TRANSP:OPAQUE', 'END:VEVENT');
  return lines;
}

/** The whole calendar object, CRLF line endings, folded. */
export function serializeCalendar(cal: IcsCalendar): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${cal.prodId}`, 'CALSCALE:GREGORIAN'];
  if (cal.name) lines.push(`NAME:${escapeText(cal.name)}`, `X-WR-CALNAME:${escapeText(cal.name)}`);
  for (const e of cal.events) lines.push(...eventLines(e));
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
