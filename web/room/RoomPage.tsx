import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { SessionInfo } from '../../shared/api';
import { spentPerPhaseMs } from '../../shared/clock';
import type { ProblemGuide, ProblemView } from '../../shared/problem';
import { api, ApiError, useApi } from '../api';
import { ErrorNote, Loading } from '../components/Loading';
import { ThemeToggle } from '../components/Layout';
import { Popover } from '../components/Popover';
import { AudioControls, AudioIcon, CallLink, micState, useAudio } from './AudioControls';
import { BoardArea } from './BoardArea';
import { ChatPanel } from './ChatPanel';
import { EstimateWorksheet, STANDARD_PROMPTS } from './EstimateWorksheet';
import { NotesPanel } from './NotesPanel';
import { useRoomNotices, type Notice } from './useRoomNotices';
import { PhaseBar, roleLabel } from './PhaseBar';
import { CandidatePanel, InterviewerPanel } from './SidePanels';
import { useRoom } from './useRoom';
import { ScorecardEditor } from '../review/ScorecardEditor';
import type { Scorecard, ScorecardsResponse } from '../../shared/scorecard';
import '../styles/review.css';
import '../styles/room.css';

const SIDE_KEY = 'mockroom.sidePanel';

export default function RoomPage() {
  const { id = '' } = useParams();
  // Check access over HTTP first: a browser cannot read why a WebSocket upgrade was refused.
  const info = useApi<SessionInfo>(`/sessions/${encodeURIComponent(id)}`);
  const reloadInfo = info.reload;
  if (info.loading && !info.data) return <div className="main"><Loading label="Opening the room…" /></div>;
  if (info.error) {
    return (
      <div className="main">
        <div className="card auth-card">
          <h1>{info.error.status === 404 ? 'Session not found' : 'Cannot open this session'}</h1>
          <p className="muted">
            {info.error.status === 404
              ? 'This session does not exist, or you are not part of it. If a peer invited you, open their invite link.'
              : info.error.message}
          </p>
          <Link className="btn primary" to="/sessions">My sessions</Link>
        </div>
      </div>
    );
  }
  return <Room info={info.data!} reloadInfo={reloadInfo} />;
}

function Room({ info, reloadInfo }: { info: SessionInfo; reloadInfo: () => void }) {
  const { conn, view } = useRoom(info.id);
  // Null while the problem is a surprise to this candidate: it is named once the clock starts.
  const problem = useApi<ProblemView>(info.problemSlug === null ? null : `/problems/${encodeURIComponent(info.problemSlug)}`);
  const [guide, setGuide] = useState<ProblemGuide | null>(null);
  const [mainTab, setMainTab] = useState<'board' | 'estimate' | 'notes'>('board');
  const [sideTab, setSideTab] = useState<'guide' | 'chat' | 'score'>('guide');
  const [unread, setUnread] = useState(0);
  const [copied, setCopied] = useState<string | null>(null);
  // The side panel folds away to give the board room; the choice is remembered.
  const [sideOpen, setSideOpen] = useState(() => localStorage.getItem(SIDE_KEY) !== 'closed');
  const toggleSide = () => {
    localStorage.setItem(SIDE_KEY, sideOpen ? 'closed' : 'open');
    setSideOpen(!sideOpen);
  };
  const role = view?.role ?? info.role;

  useEffect(() => {
    // Only interviewers (and observers) load the guide; the server refuses it to a live candidate anyway.
    if (role === 'candidate' || info.problemSlug === null) return;
    api.get<ProblemGuide>(`/problems/${encodeURIComponent(info.problemSlug)}/guide`).then(setGuide, (err: ApiError) => console.warn(err.message));
  }, [role, info.problemSlug]);

  const clock = view?.confirmed?.clock;
  // The session's details follow its status: a surprise problem is named at the start, a cancel shows who.
  const clockStatus = clock?.status;
  useEffect(() => {
    if (clockStatus && clockStatus !== info.status && (clockStatus === 'ended' || info.problemSlug === null)) reloadInfo();
  }, [clockStatus, info.status, info.problemSlug, reloadInfo]);
  const plan = view?.session?.phases ?? info.phases;
  const phaseId = clock && clock.phaseIndex >= 0 ? plan[clock.phaseIndex]?.id : undefined;
  // Follow the framework: the worksheet comes forward in the estimate phase, the board otherwise.
  const [followedPhase, setFollowedPhase] = useState(phaseId);
  if (phaseId !== followedPhase) {
    setFollowedPhase(phaseId);
    if (phaseId === 'estimate') setMainTab('estimate');
    else if (phaseId) setMainTab('board');
  }

  const onUnread = useCallback((n: number) => setUnread(n), []);
  const notices = useRoomNotices(conn, view, guide, info.mode, role, sideOpen && sideTab === 'guide');
  const { call, callView, recView } = useAudio(conn, view, info.id);

  if (!conn || !view) return null;

  if (view.fatal) {
    return (
      <div className="main">
        <div className="card auth-card" role="alert">
          <h1>Disconnected</h1>
          <p className="muted">{view.fatal}</p>
          <div className="row">
            <button className="btn primary" onClick={() => window.location.reload()}>Reload</button>
            <Link className="btn" to="/login">Log in</Link>
          </div>
        </div>
      </div>
    );
  }
  const c = view.confirmed;
  if (!c) return <div className="main"><Loading label="Connecting to the room…" /></div>;

  const canWrite = role !== 'observer' && c.clock.status !== 'ended';
  const canDrive = role === 'interviewer' || (info.mode === 'solo' && role === 'candidate');
  const elapsedMinutes = spentPerPhaseMs(c.clock, conn.serverNow()).reduce((a, b) => a + b, 0) / 60_000;
  const inviteUrl = info.inviteCode ? `${window.location.origin}/join/${info.id}?code=${info.inviteCode}` : null;
  const observerUrl = info.observerCode ? `${window.location.origin}/join/${info.id}?code=${info.observerCode}` : null;
  const peerMissing = info.mode === 'paired' && !view.participants.some((p) => p.role !== role && p.role !== 'observer');
  const ended = c.clock.status === 'ended';
  // Solo with nobody watching: there is no one to chat with.
  const showChat = info.mode === 'paired' || view.participants.length > 1 || c.chat.length > 0;

  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(what);
    } catch {
      window.prompt('Copy this link:', text);
    }
    setTimeout(() => setCopied(null), 2000);
  };

  return (
    <div className="room" data-role={role}>
      <header className="room-top">
        <Link to="/sessions" className="btn ghost small" aria-label="Back to my sessions">←</Link>
        <div className="room-title">
          <h1>{info.problemTitle ?? 'A surprise problem'}</h1>
          <span className="badge accent" data-testid="my-role">{roleLabel(role)}</span>
          <span className="badge">{info.mode === 'solo' ? 'Solo' : 'Paired'}</span>
        </div>
        <ul className="presence" aria-label="Participants">
          {view.participants.map((p) => {
            const mic = micState(p, callView?.levels);
            return (
              <li
                key={p.userId}
                className={`${p.online ? 'online' : 'offline'} ${mic.speaking ? 'speaking' : ''}`}
                data-audio={p.online ? p.audio : 'off'}
                title={`${p.displayName} (${roleLabel(p.role)}) ${p.online ? 'online' : 'offline'}, ${mic.label}`}
              >
                <span className="avatar" aria-hidden="true">{p.displayName.slice(0, 1).toUpperCase()}</span>
                <span className="presence-name">{p.displayName}</span>
                {mic.icon && <span className="mic-icon"><AudioIcon kind={mic.icon} /></span>}
                <span className="visually-hidden">{roleLabel(p.role)}, {p.online ? 'online' : 'offline'}, {mic.label}</span>
              </li>
            );
          })}
        </ul>
        <div className="row" style={{ gap: 6 }}>
          {/* Invites only while a seat is open; once both are taken, the observer link folds into Share. */}
          {!ended && inviteUrl && peerMissing && (
            <button className="btn small" onClick={() => copy(inviteUrl, 'invite')}>{copied === 'invite' ? 'Copied ✓' : 'Copy invite link'}</button>
          )}
          {!ended && observerUrl && (peerMissing || info.mode === 'solo') && (
            <button className="btn small ghost" onClick={() => copy(observerUrl, 'observer')}>{copied === 'observer' ? 'Copied ✓' : 'Observer link'}</button>
          )}
          {!ended && observerUrl && !peerMissing && info.mode === 'paired' && (
            <Popover className="share-menu" buttonClassName="btn small ghost" button="Share" closeOnChoose={false}>
              <div className="share-pop" role="group" aria-label="Share">
                <button className="btn small ghost" onClick={() => copy(observerUrl, 'observer')}>{copied === 'observer' ? 'Copied ✓' : 'Copy observer link'}</button>
              </div>
            </Popover>
          )}
          <ThemeToggle />
        </div>
        {/* A scheduled session called off before it started has nobody to call. */}
        {!(c.clock.status === 'ended' && c.clock.startedAt === null) && (
          <div className="room-call">
            {call && callView && <AudioControls call={call} view={callView} recView={recView} room={view} sessionId={info.id} role={role} ended={c.clock.status === 'ended'} />}
            <CallLink link={view.call.link} sessionId={info.id} canEdit={role !== 'observer'} highlight={!!callView?.error} />
          </div>
        )}
      </header>
      {callView?.error && (
        <div className="banner danger" role="alert" data-testid="audio-error">
          {callView.error}
          {view.call.link ? <a className="btn small" href={view.call.link} target="_blank" rel="noopener noreferrer">Open the call link ↗</a> : role !== 'observer' && <span>Add a call link (Meet, Jitsi, Discord) in the header.</span>}
        </div>
      )}
      {view.status !== 'open' && (
        <div className="banner warn" role="status">
          <span className="spinner" aria-hidden="true" />
          {view.status === 'reconnecting' ? 'Connection lost. Reconnecting…' : 'Connecting…'}
          {view.pending.length > 0 && ` ${view.pending.length} change${view.pending.length > 1 ? 's' : ''} will be sent when the connection is back.`}
        </div>
      )}
      {c.clock.status === 'ended' && info.cancelledBy !== undefined && c.clock.startedAt === null && (
        <div className="banner info" role="status" data-testid="cancelled-banner">
          {info.cancelledBy} cancelled this scheduled session before it started. The room is read-only.
          <Link className="btn small" to="/">Home</Link>
        </div>
      )}
      {c.clock.status === 'ended' && !(info.cancelledBy !== undefined && c.clock.startedAt === null) && (
        <div className="banner info" role="status">
          This session has ended. The room is read-only.
          <Link className="btn small primary" to={`/sessions/${info.id}/review`}>Open the review</Link>
        </div>
      )}
      {peerMissing && c.clock.status !== 'ended' && (
        <div className="banner info" role="status">
          Waiting for your {role === 'candidate' ? 'interviewer' : 'candidate'}. Send them the invite link.
          {inviteUrl && <button className="btn small" onClick={() => copy(inviteUrl, 'invite')}>{copied === 'invite' ? 'Copied ✓' : 'Copy invite link'}</button>}
        </div>
      )}
      <PhaseBar clock={c.clock} plan={plan} serverNow={() => conn.serverNow()} canDrive={canDrive && c.clock.status !== 'ended'} onAction={(a) => conn.phase(a)} />
      <div className={`room-body ${sideOpen ? '' : 'side-closed'}`}>
        <section className="room-main" aria-label="Workspace">
          <div className="tabs" role="tablist" aria-label="Workspace">
            <button role="tab" aria-selected={mainTab === 'board'} className={mainTab === 'board' ? 'active' : ''} onClick={() => setMainTab('board')}>Whiteboard</button>
            <button role="tab" aria-selected={mainTab === 'estimate'} className={mainTab === 'estimate' ? 'active' : ''} onClick={() => setMainTab('estimate')}>Estimates</button>
            <button role="tab" aria-selected={mainTab === 'notes'} className={mainTab === 'notes' ? 'active' : ''} onClick={() => setMainTab('notes')}>Notes</button>
          </div>
          <div className="tab-body" role="tabpanel">
            {mainTab === 'board' && <BoardArea conn={conn} view={view} canEdit={canWrite} />}
            {mainTab === 'estimate' && (
              <EstimateWorksheet
                inputs={c.estimate}
                figures={c.figures}
                prompts={problem.data?.estimateFigures?.length ? problem.data.estimateFigures : STANDARD_PROMPTS}
                canEdit={canWrite && role === 'candidate'}
                onChange={(change) => conn.estimate(change)}
              />
            )}
            {mainTab === 'notes' && <NotesPanel notes={c.notes} canEdit={canWrite && role === 'candidate'} onSave={(section, text) => conn.notes(section, text)} />}
          </div>
        </section>
        {!sideOpen && (
          <button className="side-rail" onClick={toggleSide} aria-expanded={false} aria-controls="room-side" title="Show the side panel">
            <span aria-hidden="true">‹</span>
            <span className="side-rail-label">{role === 'candidate' ? 'Prompt' : 'Guide'}{showChat ? ' · Chat' : ''}</span>
            <span className="visually-hidden">Show side panel</span>
            {(notices.unseen > 0 || unread > 0) && <span className="unread" aria-label="New items">{notices.unseen + unread}</span>}
          </button>
        )}
        <aside className="room-side" id="room-side" aria-label="Side panel" hidden={!sideOpen}>
          <div className="tabs" role="tablist" aria-label="Side panel">
            <button role="tab" aria-selected={sideTab === 'guide'} className={sideTab === 'guide' ? 'active' : ''} onClick={() => setSideTab('guide')}>
              {role === 'candidate' ? 'Prompt' : 'Guide'}
              {notices.unseen > 0 && sideTab !== 'guide' && <span className="unread" aria-label={`${notices.unseen} new from your interviewer`}>{notices.unseen}</span>}
            </button>
            {showChat && (
              <button role="tab" aria-selected={sideTab === 'chat'} className={sideTab === 'chat' ? 'active' : ''} onClick={() => setSideTab('chat')}>
                Chat{unread > 0 && sideTab !== 'chat' && <span className="unread" aria-label={`${unread} unread`}>{unread}</span>}
              </button>
            )}
            {role === 'interviewer' && (
              <button role="tab" aria-selected={sideTab === 'score'} className={sideTab === 'score' ? 'active' : ''} onClick={() => setSideTab('score')}>Scorecard</button>
            )}
            <button className="side-collapse" onClick={toggleSide} aria-expanded={true} aria-controls="room-side" title="Hide the side panel to give the board more room">
              <span aria-hidden="true">›</span>
              <span className="visually-hidden">Hide side panel</span>
            </button>
          </div>
          <div className="tab-body side-body">
            <div hidden={sideTab !== 'guide'}>
              {role === 'candidate' ? (
                <CandidatePanel problem={problem.data ?? null} clock={c.clock} plan={plan} hints={c.hints} curveballs={c.curveballs} solo={info.mode === 'solo'} surprise={info.problemSlug === null} />
              ) : (
                <InterviewerPanel
                  guide={guide}
                  problem={problem.data ?? null}
                  clock={c.clock}
                  plan={plan}
                  revealed={c.hints}
                  delivered={c.curveballs}
                  elapsedMinutes={elapsedMinutes}
                  canReveal={canDrive && canWrite}
                  canDeliver={role === 'interviewer' && info.mode === 'paired' && canWrite}
                  onReveal={(hid) => conn.hint(hid)}
                  onDeliver={(cid) => conn.curveball(cid)}
                  estimateCheck={role === 'interviewer' ? { sessionId: info.id, version: c.figures } : null}
                />
              )}
              {problem.error && <ErrorNote error={problem.error} retry={problem.reload} />}
            </div>
            {role === 'interviewer' && sideTab === 'score' && (
              <div className="panel-body">
                <RoomScorecard sessionId={info.id} guide={guide} start={c.clock.startedAt ?? info.createdAt} end={c.clock.endedAt} now={() => conn.serverNow()} />
              </div>
            )}
            <div hidden={sideTab !== 'chat'} className="chat-wrap">
              <ChatPanel
                lines={c.chat}
                pending={view.pending}
                participants={view.participants}
                me={view.you?.id ?? ''}
                canWrite={canWrite}
                closedNote={c.clock.status === 'ended' ? 'The session has ended; the chat is read-only.' : 'Observers read the chat but do not post.'}
                onSend={(t) => conn.chat(t)}
                onUnread={onUnread}
                visible={sideTab === 'chat'}
              />
            </div>
          </div>
        </aside>
      </div>
      <div className={`toasts ${sideOpen ? '' : 'side-closed'}`}>
        {notices.list.map((n: Notice) => (
          <div key={n.id} className={`toast info ${n.kind}`} role="status" data-testid={`notice-${n.kind}`}>
            <div>
              <strong>{n.title}</strong> {n.text}
            </div>
            {n.action && (
              <button className="btn small primary" onClick={() => (n.action!.run(), notices.dismiss(n.id))}>
                {n.action.label}
              </button>
            )}
            {n.kind !== 'reminder' && role === 'candidate' && sideTab !== 'guide' && (
              <button className="btn small" onClick={() => (setSideTab('guide'), notices.dismiss(n.id))}>Show</button>
            )}
            <button className="btn ghost small" aria-label="Dismiss" onClick={() => notices.dismiss(n.id)}>×</button>
          </div>
        ))}
        {view.errors.map((e) => (
          <div key={e.id} className="toast" role="alert">
            {e.message}
            <button className="btn ghost small" aria-label="Dismiss" onClick={() => conn.dismissError(e.id)}>×</button>
          </div>
        ))}
      </div>
    </div>
  );
}

/** The interviewer scores during the session; the card stays a draft (and blind) until they submit. */
function RoomScorecard({ sessionId, guide, start, end, now }: { sessionId: string; guide: ProblemGuide | null; start: number; end: number | null; now: () => number }) {
  const cards = useApi<ScorecardsResponse>(`/sessions/${encodeURIComponent(sessionId)}/scorecards`);
  // The card as saved here, else as loaded.
  const [saved, setMine] = useState<Scorecard | null>(null);
  const mine = saved ?? cards.data?.scorecards.find((c) => c.scorerRole === 'interviewer') ?? null;
  if (cards.loading && !cards.data) return <Loading />;
  return (
    <ScorecardEditor
      sessionId={sessionId}
      role="interviewer"
      initial={mine}
      signals={guide?.signals}
      sessionStart={start}
      // After the end, "now" is past the session: the last moment there is, is its end.
      takeEvidence={() => ({ kind: 'moment', ts: Math.round(end === null ? now() : Math.min(now(), end)) })}
      onSaved={setMine}
      compact
    />
  );
}
