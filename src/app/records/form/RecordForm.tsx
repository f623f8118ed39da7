// The generic record form: one screen per section of the kind's declaration, autosaved as a draft
// while typing, finished only when validateForFinish has nothing to say. A draft is never lost:
// it stays when validation fails, when storage is full, and when the person leaves.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { RecordKind } from '../../../domain/envelope';
import type { RecordKindDeclaration } from '../../../domain/recordKind';
import type { ValidationIssue } from '../../../domain/validation';
import {
  adoptRepeatedFacts,
  followAskedFacts,
  localToday,
  nextActionDateOf,
  validateForFinish,
} from '../../../domain/index';
import {
  createAutosaver,
  deleteDraft,
  isDataError,
  saveDraft,
  saveRecord,
  type Draft,
} from '../../../data/index';
import { currentLanguage, useT } from '../../i18n';
import { navigate } from '../../router';
import { FieldControl, type FieldContext } from './FieldControl';
import { TriageHint } from './TriageHint';
import { ruleWarnings, type RuleWarning } from '../../../domain/rules/index';
import { FinishWarnings, StepWarnings } from './RuleWarnings';
import { EmergencyActions } from '../contacts/EmergencyActions';
import { screeningSubjectIsChild, type TriageInput } from '../../../domain/triage';
import { SpeechContext, SpeechNote } from './FormAids';
import { FieldExtras } from './FieldExtras';
import { SPEECH_LANG, useSpeech } from './speech';
import { CopyFromSource } from './CopyFromSource';
import type { CopyOffer } from './defaults';
import {
  fieldDomId,
  fieldForIssue,
  fieldsForSection,
  finishedPayload,
  firstIssue,
  getPath,
  sectionsWithIssues,
  setPath,
  visibleIssues,
  type Payload,
} from './model';

/** How long typing may go unsaved (the brief: ≤ 1 s). */
export const AUTOSAVE_DELAY_MS = 600;

export interface RecordFormProps {
  declaration: RecordKindDeclaration;
  /** The record id (a new one for a new record); the draft has the same id. */
  id: string;
  initialPayload: Payload;
  initialSection?: string;
  /** Whether a finished version of this record exists (editing saves a new rev). */
  editing: boolean;
  provinceCode?: string;
  /** The form was opened from a saved draft (so section changes are saved too). */
  restoredDraft?: boolean;
  /** Consent and notes of the record this one is made from, copied only if the person asks. */
  copyOffers?: readonly CopyOffer[];
  /** Called once, when the first draft of a new record is written. */
  onFirstDraft?: () => void;
}

type SaveProblem = 'quota' | 'failed' | undefined;

/** Focuses the input of `path`, or of the nearest enclosing path that has one. */
function focusPath(path: string): void {
  const parts = path.split('.');
  for (let length = parts.length; length > 0; length--) {
    const element = document.getElementById(fieldDomId(parts.slice(0, length).join('.')));
    if (element) {
      element.focus();
      return;
    }
  }
}

export function RecordForm(props: RecordFormProps) {
  const { declaration, id, editing, provinceCode, onFirstDraft } = props;
  const kind: RecordKind = declaration.kind;
  const t = useT();
  // Facts asked once (src/domain sameFacts.ts): repeated options follow the answer that asks them.
  const [payload, setPayload] = useState<Payload>(() =>
    adoptRepeatedFacts(declaration.fields, props.initialPayload),
  );
  const [attempted, setAttempted] = useState(false);
  // Errors early (issue 8 item 4): steps the person tried to leave and fields they have left.
  const [checkedSections, setCheckedSections] = useState<ReadonlySet<string>>(new Set());
  const [leftFields, setLeftFields] = useState<ReadonlySet<string>>(new Set());
  const speech = useSpeech(SPEECH_LANG[currentLanguage()] ?? 'id-ID');
  const [problem, setProblem] = useState<SaveProblem>();
  const [busy, setBusy] = useState(false);
  // Rule warnings met at "Selesai": shown once; "save anyway" finishes with them.
  const [finishWarnings, setFinishWarnings] = useState<RuleWarning[]>([]);
  const warningsAccepted = useRef(false);
  const autosaver = useMemo(
    () =>
      createAutosaver(saveDraft, AUTOSAVE_DELAY_MS, (error) =>
        setProblem(isDataError(error, 'quota_exceeded') ? 'quota' : 'failed'),
      ),
    [],
  );
  const finishing = useRef(false);
  const firstDraftDone = useRef(props.restoredDraft === true);
  const pendingFocus = useRef<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const sections = declaration.sections.filter(
    (section) => fieldsForSection(declaration, section, payload).length > 0,
  );
  const [sectionName, setSectionName] = useState<string>(
    props.initialSection && sections.includes(props.initialSection)
      ? props.initialSection
      : (sections[0] ?? ''),
  );
  const section = sections.includes(sectionName) ? sectionName : (sections[0] ?? '');
  const index = sections.indexOf(section);
  // Every problem of the answers so far; which of them are shown depends on what was left.
  const allIssues = useMemo(
    () => validateForFinish(kind, finishedPayload(declaration.fields, payload)),
    [kind, declaration, payload],
  );
  const issues: ValidationIssue[] = visibleIssues(declaration.fields, allIssues, payload, {
    attempted,
    checkedSections,
    leftFields,
  });
  const sectionsInError = new Set(sectionsWithIssues(declaration, issues, payload));
  const issuesOfSection = (name: string) =>
    allIssues.filter(
      (issue) => fieldForIssue(declaration.fields, issue, payload)?.section === name,
    );

  const draftOf = (next: Payload, nextSection = section): Draft => ({
    id,
    kind,
    payload: next,
    section: nextSection,
    updatedAt: new Date().toISOString(),
  });

  // Leaving the screen (navigation, lock) writes what is pending.
  useEffect(
    () => () => {
      // A failure here was already shown by onError; the draft stays scheduled in memory only
      // until the screen is gone, so there is nothing more to do with it.
      void autosaver.dispose().catch(() => undefined);
    },
    [autosaver],
  );

  useEffect(() => {
    if (pendingFocus.current === null) return;
    const target = pendingFocus.current;
    pendingFocus.current = null;
    if (target === '') headingRef.current?.focus();
    else focusPath(target);
  });

  const schedule = (next: Payload, nextSection = section) => {
    if (finishing.current) return;
    autosaver.schedule(draftOf(next, nextSection));
    if (!firstDraftDone.current) {
      firstDraftDone.current = true;
      onFirstDraft?.();
    }
  };

  const onChange = (path: string, value: unknown) => {
    const next = followAskedFacts(declaration.fields, setPath(payload, path, value));
    setPayload(next);
    setProblem(undefined);
    setFinishWarnings([]);
    schedule(next);
  };

  // A field's error appears when it is left, but not while a finger is still on the screen: the
  // text it adds would move the next question between the press and the release of that tap.
  const pointerDown = useRef(false);
  const pendingLeft = useRef(new Set<string>());
  const flushLeft = () => {
    if (pendingLeft.current.size === 0) return;
    const names = [...pendingLeft.current];
    pendingLeft.current.clear();
    setLeftFields((before) => new Set([...before, ...names]));
  };
  useEffect(() => {
    const released = () => {
      if (!pointerDown.current) return;
      pointerDown.current = false;
      // After the click the release belongs to.
      setTimeout(flushLeft, 0);
    };
    document.addEventListener('pointerup', released);
    document.addEventListener('pointercancel', released);
    return () => {
      document.removeEventListener('pointerup', released);
      document.removeEventListener('pointercancel', released);
    };
  }, []);
  const leaveField = (name: string) => {
    pendingLeft.current.add(name);
    if (!pointerDown.current) flushLeft();
  };

  /** "Berikutnya": the step's problems are shown and the person stays until they are fixed. */
  const goNext = (next: string) => {
    const found = issuesOfSection(section);
    setCheckedSections(new Set([...checkedSections, section]));
    if (found.length > 0) {
      const first = firstIssue(declaration, found, payload);
      pendingFocus.current = first ? first.path : '';
      setSectionName(section);
      return;
    }
    goTo(next);
  };

  const goTo = (next: string) => {
    setSectionName(next);
    pendingFocus.current = '';
    // Only a draft that exists remembers its section: browsing a record's sections without
    // typing must not leave a draft ("unfinished changes") behind.
    if (firstDraftDone.current) schedule(payload, next);
  };

  const saveAsDraft = async () => {
    setBusy(true);
    try {
      await autosaver.flush();
      await saveDraft(draftOf(payload));
      navigate(`/records/${kind}`);
    } catch (error) {
      setProblem(isDataError(error, 'quota_exceeded') ? 'quota' : 'failed');
    } finally {
      setBusy(false);
    }
  };

  const finish = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const finished = finishedPayload(declaration.fields, payload);
      const found = validateForFinish(kind, finished);
      setAttempted(true);
      const warnings = found.length === 0 ? ruleWarnings(kind, finished) : [];
      if (warnings.length > 0 && !warningsAccepted.current) {
        await autosaver.flush();
        await saveDraft(draftOf(payload));
        setFinishWarnings(warnings);
        pendingFocus.current = 'rules';
        return;
      }
      if (found.length > 0) {
        // Keep the draft as typed and take the person to the first problem.
        await autosaver.flush();
        await saveDraft(draftOf(payload));
        const first = firstIssue(declaration, found, payload);
        const field = first ? fieldForIssue(declaration.fields, first, payload) : undefined;
        if (field && sections.includes(field.section)) setSectionName(field.section);
        pendingFocus.current = first && field ? first.path : 'summary';
        return;
      }
      finishing.current = true;
      await autosaver.flush();
      await saveRecord({
        kind,
        id,
        payload: finished,
        schemaVersion: declaration.schemaVersion,
        nextActionDate: nextActionDateOf(kind, finished),
      });
      await deleteDraft(id);
      navigate(`/record/${id}`);
    } catch (error) {
      finishing.current = false;
      setProblem(isDataError(error, 'quota_exceeded') ? 'quota' : 'failed');
      pendingFocus.current = 'summary';
      // The draft stays: write it now so nothing typed is lost.
      await saveDraft(draftOf(payload)).catch(() => undefined);
    } finally {
      setBusy(false);
    }
  };

  // Issues that have no visible input on this screen (a whole-record rule, a hidden field).
  const visibleFields = fieldsForSection(declaration, section, payload);
  const unplaced = issues.filter((issue) => {
    const field = fieldForIssue(declaration.fields, issue, payload);
    return !field || !sections.includes(field.section);
  });
  // The summary at the top is for a failed "Selesai"; errors met earlier stay at their field
  // (a notice appearing above would move the question being tapped).
  const inError = attempted && issues.length > 0;
  const fieldContext: FieldContext = { kind, today: localToday(), recordId: id, provinceCode };
  const stepWarnings = ruleWarnings(kind, payload).filter((warning) =>
    visibleFields.some((field) => field.name === warning.field),
  );
  const reviewWarnings = () => {
    const first = finishWarnings[0];
    setFinishWarnings([]);
    const field = first ? declaration.fields.find((f) => f.name === first.field) : undefined;
    if (field && sections.includes(field.section)) {
      setSectionName(field.section);
      pendingFocus.current = field.name;
    }
  };
  const saveAnyway = () => {
    warningsAccepted.current = true;
    setFinishWarnings([]);
    void finish();
  };
  // Danger answered yes: what to do and whom to call right under the question (issue 8 item 3).
  const dangerNow =
    kind === 'screening' && section === 'danger' && payload.immediateDanger === true;
  const ageKnown = payload.subjectAgeGroup !== undefined || typeof payload.subjectAge === 'number';
  const childKnown = ageKnown ? screeningSubjectIsChild(payload as TriageInput) : undefined;

  return (
    <SpeechContext.Provider value={speech}>
      <form
        onPointerDown={() => {
          pointerDown.current = true;
        }}
        class="page record-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void finish();
        }}
      >
        <h1>
          {t(editing ? 'forms:form.editTitle' : 'forms:form.newTitle', {
            kind: t(`forms:kinds.${kind}`),
          })}
        </h1>
        <nav aria-label={t('forms:form.sectionsLabel')}>
          <ol class="section-nav">
            {sections.map((name, i) => (
              <li key={name}>
                <button
                  type="button"
                  aria-current={name === section ? 'step' : undefined}
                  onClick={() => goTo(name)}
                >
                  {/* At 360 px only the number shows (the step's name is in the heading
                      below); the numbered name is the button's name for screen readers. */}
                  <span class="step-number" aria-hidden="true">
                    {i + 1}
                  </span>
                  <span class="step-name">
                    {i + 1}. {t(`records:${kind}.sections.${name}`)}
                  </span>
                  {sectionsInError.has(name) ? (
                    <span class="section-error-mark">
                      {' '}
                      <span aria-hidden="true">⚠</span>
                      <span class="visually-hidden">{t('forms:form.sectionHasErrors')}</span>
                    </span>
                  ) : null}
                </button>
              </li>
            ))}
          </ol>
        </nav>
        {inError || problem ? (
          <div id={fieldDomId('summary')} class="notice notice-error" role="alert" tabIndex={-1}>
            {problem === 'quota' ? <p>{t('forms:form.quotaExceeded')}</p> : null}
            {problem === 'failed' ? <p>{t('forms:form.saveFailed')}</p> : null}
            {inError ? <p>{t('forms:form.notFinished', { count: issues.length })}</p> : null}
            {unplaced.length > 0 ? (
              <ul>
                {unplaced.map((issue) => (
                  <li key={`${issue.path}:${issue.key}`}>
                    {t(`records:${issue.key}`, issue.params)}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        {finishWarnings.length > 0 ? (
          <FinishWarnings
            warnings={finishWarnings}
            busy={busy}
            onSaveAnyway={saveAnyway}
            onReview={reviewWarnings}
          />
        ) : null}
        {kind === 'screening' && !dangerNow ? <TriageHint payload={payload} /> : null}
        <h2 ref={headingRef} tabIndex={-1}>
          <span class="step-count">
            {t('forms:form.step', { current: index + 1, total: sections.length })}
          </span>{' '}
          {t(`records:${kind}.sections.${section}`)}
        </h2>
        <SpeechNote />
        {index === 0 && props.copyOffers && props.copyOffers.length > 0 ? (
          <CopyFromSource offers={props.copyOffers} payload={payload} onChange={onChange} />
        ) : null}
        {visibleFields.map((field) => (
          <div
            class="field-slot"
            key={`${field.section}:${field.name}`}
            onFocusOut={(e) => {
              // Left means focus went outside the whole question (not to its next checkbox).
              const to = e.relatedTarget;
              if (!(to instanceof Node && e.currentTarget.contains(to))) leaveField(field.name);
            }}
          >
            <FieldControl
              field={field}
              path={field.name}
              value={getPath(payload, field.name)}
              issues={issues}
              onChange={onChange}
              context={fieldContext}
            />
            <FieldExtras kind={kind} field={field} payload={payload} onChange={onChange} />
          </div>
        ))}
        <StepWarnings warnings={stepWarnings} />
        {dangerNow ? <EmergencyActions child={childKnown} /> : null}
        <div class="form-actions">
          {index > 0 ? (
            <button
              type="button"
              class="button"
              onClick={() => goTo(sections[index - 1] as string)}
            >
              {t('forms:form.previous')}
            </button>
          ) : null}
          {index < sections.length - 1 ? (
            <button
              type="button"
              class="button"
              onClick={() => goNext(sections[index + 1] as string)}
            >
              {t('forms:form.next')}
            </button>
          ) : null}
          <button type="button" class="button" disabled={busy} onClick={() => void saveAsDraft()}>
            {t('forms:form.saveDraft')}
          </button>
          <button type="submit" class="button button-primary" disabled={busy}>
            {t('forms:form.finish')}
          </button>
        </div>
      </form>
    </SpeechContext.Provider>
  );
}
