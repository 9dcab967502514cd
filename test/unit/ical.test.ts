import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, serializeCalendar, utcDateTime, type IcsEvent } from '../../server/calendar/ical';

const event = (over: Partial<IcsEvent> = {}): IcsEvent => ({
  uid: 'slot-abc@mockroom',
  sequence: 2,
  stamp: Date.UTC(2026, 10, 30, 8, 0, 0),
  start: Date.UTC(2026, 11, 1, 19, 0, 0),
  end: Date.UTC(2026, 11, 1, 19, 40, 0),
  summary: 'Mock interview, with Bo; news feed\\again',
  description: 'Line one\nLine two, with a comma',
  url: 'https://mock.example.org/sessions/xyz/room',
  status: 'CONFIRMED',
  ...over,
});

describe('iCalendar writer', () => {
  it('escapes backslash, semicolon, comma and every kind of newline', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
  });

  it('writes UTC date-times', () => {
    expect(utcDateTime(Date.UTC(2026, 11, 1, 19, 5, 9, 123))).toBe('20261201T190509Z');
  });

  it('folds at 75 octets without splitting a UTF-8 character, and unfolds back to the line', () => {
    const line = `SUMMARY:${'é'.repeat(50)}${'x'.repeat(40)}€€€`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    for (const p of parts.slice(1)) expect(p.startsWith(' ')).toBe(true);
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });

  it('a calendar uses CRLF only and parses back with ical.js to the same values', () => {
    const text = serializeCalendar({ prodId: '-//mockroom//test//EN', name: 'Mocks, mine', events: [event(), event({ uid: 'two', status: 'CANCELLED', sequence: 3 })] });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const cal = new ICAL.Component(ICAL.parse(text));
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    const [a, b] = cal.getAllSubcomponents('vevent');
    const ev = new ICAL.Event(a!);
    expect(ev.uid).toBe('slot-abc@mockroom');
    expect(ev.summary).toBe('Mock interview, with Bo; news feed\\again');
    expect(ev.description).toBe('Line one\nLine two, with a comma');
    expect(ev.sequence).toBe(2);
    expect(ev.startDate.toJSDate().getTime()).toBe(Date.UTC(2026, 11, 1, 19, 0, 0));
    expect(ev.endDate.toJSDate().getTime()).toBe(Date.UTC(2026, 11, 1, 19, 40, 0));
    expect(ev.startDate.zone.tzid).toBe('UTC');
    expect(a!.getFirstPropertyValue('url')).toBe('https://mock.example.org/sessions/xyz/room');
    expect(a!.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(b!.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(a!.getFirstPropertyValue('dtstamp')!.toString()).toBe('2026-11-30T08:00:00Z');
  });
});
