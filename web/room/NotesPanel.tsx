import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { MAX_NOTES_LENGTH, NOTE_SECTION_LABELS, NOTE_SECTIONS, type Notes, type NoteSection } from '../../shared/protocol';

const PLACEHOLDERS: Record<NoteSection, string> = {
  functional: 'Users can shorten a URL…\nUsers are redirected…',
  'non-functional': 'Redirects p99 < 50 ms\n99.99% available for reads…',
  entities: 'Url, User, Click…',
  api: 'POST /urls {longUrl} → {code}\nGET /:code → 302',
  'data-model': 'urls(code PK, long_url, owner_id, created_at)…',
};

/**
 * The candidate's written requirements, entities, API and data model beside the board. She types;
 * everyone else reads it live. Sends a snapshot of a section after a pause in typing (and on leaving
 * the field), never per keystroke; the server keeps the last one per section.
 */
export function NotesPanel({ notes, canEdit, onSave }: { notes: Notes; canEdit: boolean; onSave: (section: NoteSection, text: string) => void }) {
  return (
    <div className="notes-panel">
      {NOTE_SECTIONS.map((s) => (
        <NoteSectionField key={s} section={s} value={notes[s] ?? ''} canEdit={canEdit} onSave={onSave} />
      ))}
    </div>
  );
}

function NoteSectionField({ section, value, canEdit, onSave }: { section: NoteSection; value: string; canEdit: boolean; onSave: (section: NoteSection, text: string) => void }) {
  const [draft, setDraft] = useState(value);
  const focused = useRef(false);
  const sent = useRef(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const save = useRef(onSave);
  useLayoutEffect(() => {
    save.current = onSave;
  });

  // What others see changes under them; the writer's own field is not overwritten while she types.
  useEffect(() => {
    if (!focused.current) setDraft(value);
    sent.current = value;
  }, [value]);

  const flush = (text: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (text === sent.current) return;
    sent.current = text;
    save.current(section, text);
  };
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const id = `notes-${section}`;
  if (!canEdit) {
    return (
      <section className="note-section" aria-labelledby={id}>
        <h3 id={id}>{NOTE_SECTION_LABELS[section]}</h3>
        {value ? <pre className="note-text" data-testid={id}>{value}</pre> : <p className="muted small">Nothing yet.</p>}
      </section>
    );
  }
  return (
    <section className="note-section">
      <h3>
        <label htmlFor={id}>{NOTE_SECTION_LABELS[section]}</label>
      </h3>
      <textarea
        id={id}
        rows={section === 'api' || section === 'data-model' ? 6 : 4}
        maxLength={MAX_NOTES_LENGTH}
        placeholder={PLACEHOLDERS[section]}
        value={draft}
        spellCheck={section !== 'api' && section !== 'data-model'}
        onFocus={() => (focused.current = true)}
        onBlur={() => {
          focused.current = false;
          flush(draft);
        }}
        onChange={(e) => {
          const text = e.target.value;
          setDraft(text);
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => flush(text), 700);
        }}
      />
    </section>
  );
}
