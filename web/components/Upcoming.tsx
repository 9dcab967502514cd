import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { CalendarFeedInfo, UpcomingList, UpcomingSession } from '../../shared/api';
import { api, ApiError, useApi } from '../api';
import { remindersOn, setRemindersOn } from '../reminders';
import { countdown, localInputToIso, roomOpen, slotTimeText } from '../schedule';
import { ConfirmButton } from './ConfirmButton';
import { ErrorNote, Loading } from './Loading';
import '../styles/schedule.css';

/** How often the list re-reads the server (and its clock) while the page is visible: on a group's
 * page often enough to show a slot of yours that somebody just took. */
const POLL_MS = 30_000;
const GROUP_POLL_MS = 5_000;

/**
 * Scheduled mocks (taken slots with a time): a countdown and a "Join room" button that opens 10
 * minutes before the start. The server's clock decides: each answer carries `serverTime`, and the
 * page keeps the offset to its own clock, so a browser clock that is off does not open the room
 * early or late.
 */
export function Upcoming({ groupId, onChange, onLoaded }: { groupId?: string; onChange?(): void; onLoaded?(list: UpcomingList): void }) {
  const list = useApi<UpcomingList>('/me/upcoming');
  const { reload } = list;
  const offset = useRef(0);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!list.data) return;
    offset.current = list.data.serverTime - Date.now();
    // The page-wide reminders (title badge, notifications) use the freshest list too.
    window.dispatchEvent(new CustomEvent('mockroom:upcoming', { detail: list.data }));
    onLoaded?.(list.data);
  }, [list.data, onLoaded]);
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 1000);
    const poll = setInterval(() => document.visibilityState === 'visible' && reload(), groupId ? GROUP_POLL_MS : POLL_MS);
    return () => {
      clearInterval(tick);
      clearInterval(poll);
    };
  }, [reload, groupId]);

  // eslint-disable-next-line react-hooks/refs -- the server clock offset is read for display only
  const serverNow = now + offset.current;
  const items = (list.data?.sessions ?? []).filter((s) => !groupId || s.groupId === groupId);
  return (
    <section className="card" aria-labelledby="upcoming-title" data-testid="upcoming">
      <div className="spread">
        <h2 id="upcoming-title">Upcoming</h2>
        <button className="btn small ghost" type="button" onClick={reload}>Refresh</button>
      </div>
      {list.loading && !list.data && <Loading />}
      {list.error && !list.data && <ErrorNote error={list.error} retry={reload} />}
      {list.data && items.length === 0 && (
        <p className="muted">Nothing planned. {groupId ? 'Post a slot with a time below' : 'Post a slot with a time on a group\'s board'}: when someone takes it, it shows here.</p>
      )}
      {items.length > 0 && (
        <ul className="upcoming-list">
          {items.map((s) => (
            <UpcomingItem key={s.slotId} s={s} serverNow={serverNow} showGroup={!groupId} onChange={() => { reload(); onChange?.(); }} />
          ))}
        </ul>
      )}
      {!groupId && <ReminderToggle />}
      {!groupId && <CalendarFeed />}
    </section>
  );
}

function UpcomingItem({ s, serverNow, showGroup, onChange }: { s: UpcomingSession; serverNow: number; showGroup: boolean; onChange(): void }) {
  const [error, setError] = useState<string | null>(null);
  const [proposing, setProposing] = useState(false);
  const base = `/api/groups/${encodeURIComponent(s.groupId)}/slots/${encodeURIComponent(s.slotId)}`;
  const time = slotTimeText(s.startsAt, s.durationMinutes, s.timeZone);
  const open = roomOpen(s.startsAt, serverNow);
  const cancelled = s.status === 'cancelled';
  const cancel = async () => {
    setError(null);
    try {
      await api.post(`/groups/${encodeURIComponent(s.groupId)}/slots/${encodeURIComponent(s.slotId)}/cancel`);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not cancel.');
    }
    onChange();
  };
  return (
    <li className={`upcoming-item${cancelled ? ' cancelled' : ''}`} data-testid="upcoming-item">
      <div className="upcoming-when">
        <strong>{time.local}</strong>
        {time.poster && <span className="muted small">{time.poster}</span>}
        <span className={cancelled ? 'badge' : 'badge ok'} data-testid="countdown">
          {cancelled ? `Cancelled${s.cancelledBy ? ` by ${s.cancelledBy}` : ''}` : countdown(s.startsAt, serverNow)}
        </span>
      </div>
      <div className="upcoming-what">
        {s.role === 'candidate' ? <>{s.partner.displayName} interviews you</> : <>You interview {s.partner.displayName}</>}
        {' on '}{s.problemTitle ? <strong>{s.problemTitle}</strong> : <span className="muted">a problem you will see at the start</span>}
        {showGroup && <span className="muted"> · {s.groupName}</span>}
      </div>
      {error && <div className="form-error" role="alert">{error}</div>}
      {!cancelled && (s.proposal || proposing) && (
        <Proposal s={s} base={`/groups/${encodeURIComponent(s.groupId)}/slots/${encodeURIComponent(s.slotId)}`} onChange={onChange} onClose={() => setProposing(false)} />
      )}
      {!cancelled && (
        <div className="row upcoming-actions">
          {open ? (
            <Link className="btn small primary" to={`/sessions/${encodeURIComponent(s.sessionId)}/room`}>Join room</Link>
          ) : (
            <button className="btn small" type="button" disabled title="Opens 10 minutes before the start">Join room</button>
          )}
          <a className="btn small ghost" href={`${base}/event.ics`} download>Add to calendar (.ics)</a>
          {!s.proposal && !proposing && <button className="btn small ghost" type="button" onClick={() => setProposing(true)}>Propose another time</button>}
          <ConfirmButton label="Cancel" question="Call this session off for both of you?" confirm="Yes, cancel it" onConfirm={cancel} />
        </div>
      )}
    </li>
  );
}

/** The private feed URL to subscribe to from a calendar app, and a way to replace it. */
function CalendarFeed() {
  const [feed, setFeed] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = async (rotate: boolean) => {
    setError(null);
    try {
      const res = rotate ? await api.post<CalendarFeedInfo>('/me/calendar/rotate') : await api.get<CalendarFeedInfo>('/me/calendar');
      setFeed(res.url);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not load your calendar link.');
    }
  };
  return (
    <details className="calendar-feed" onToggle={(e) => (e.currentTarget.open && !feed ? void load(false) : undefined)}>
      <summary>Subscribe from your calendar</summary>
      <p className="muted small">
        Add this private link to Google Calendar, Apple Calendar or Thunderbird ("subscribe by URL"): your scheduled mocks and
        your open slots with a time appear there and follow changes. Anyone with the link can read it: replace it if it leaks.
      </p>
      {error && <div className="form-error" role="alert">{error}</div>}
      {feed && (
        <div className="row" style={{ flexWrap: 'nowrap' }}>
          <input type="text" readOnly value={feed} aria-label="Calendar feed link" onFocus={(e) => e.target.select()} />
          <ConfirmButton label="New link" question="The current link stops working at once." confirm="Yes, replace it" className="btn small" onConfirm={() => load(true)} />
        </div>
      )}
    </details>
  );
}

/** Browser notifications 10 minutes before and when your slot is taken: permission is asked for only here, when turned on. */
function ReminderToggle() {
  const supported = typeof Notification !== 'undefined';
  const [on, setOn] = useState(() => supported && remindersOn() && Notification.permission === 'granted');
  const [note, setNote] = useState<string | null>(null);
  const toggle = async (want: boolean) => {
    setNote(null);
    if (!want) {
      setRemindersOn(false);
      return setOn(false);
    }
    const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
    if (permission !== 'granted') {
      setRemindersOn(false);
      setOn(false);
      return setNote('Your browser blocks notifications from this site: allow them in its site settings, then try again.');
    }
    setRemindersOn(true);
    setOn(true);
  };
  if (!supported) return null;
  return (
    <div className="reminder-toggle">
      <label className="check">
        <input type="checkbox" checked={on} onChange={(e) => void toggle(e.target.checked)} />
        Remind me 10 minutes before and when someone takes my slot (a browser notification while mockroom is open)
      </label>
      {note && <p className="form-error" role="alert">{note}</p>}
    </div>
  );
}

/** Moving a scheduled session: one proposes a new start, the other accepts or declines. */
function Proposal({ s, base, onChange, onClose }: { s: UpcomingSession; base: string; onChange(): void; onClose(): void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = async (path: string, body: unknown = {}) => {
    setError(null);
    try {
      await api.post(`${base}/${path}`, body);
      onClose();
      onChange();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'That did not work.');
    }
  };
  const inputId = `propose-${s.slotId}`;
  if (s.proposal) {
    const t = slotTimeText(s.proposal.startsAt, s.durationMinutes, null);
    return (
      <div className="proposal" role="status">
        {s.proposal.mine ? <>You proposed <strong>{t.local}</strong>; waiting for {s.partner.displayName}.</> : <>{s.partner.displayName} proposes <strong>{t.local}</strong> instead.</>}
        <div className="row upcoming-actions">
          {!s.proposal.mine && <button className="btn small primary" type="button" onClick={() => act('proposal/accept')}>Accept new time</button>}
          <button className="btn small" type="button" onClick={() => act('proposal/decline')}>{s.proposal.mine ? 'Withdraw proposal' : 'Decline'}</button>
        </div>
        {error && <div className="form-error" role="alert">{error}</div>}
      </div>
    );
  }
  return (
    <form className="row proposal" onSubmit={(e) => { e.preventDefault(); const iso = localInputToIso(value); if (!iso) return setError('Pick a day and a time.'); void act('propose', { startsAt: iso }); }}>
      <div className="field" style={{ margin: 0 }}>
        <label htmlFor={inputId}>New start</label>
        <input id={inputId} type="datetime-local" value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={!!error} />
      </div>
      <button className="btn small primary" type="submit">Propose</button>
      <button className="btn small ghost" type="button" onClick={onClose}>Never mind</button>
      {error && <div className="form-error" role="alert">{error}</div>}
    </form>
  );
}
