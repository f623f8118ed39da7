// Small helps beside a question: read it aloud, "Apa artinya?" for an official term (the shared
// glossary in src/domain/glossary.ts) and a character counter for long texts.
import { createContext } from 'preact';
import { useContext, useState } from 'preact/hooks';
import { glossaryKeys, type GlossaryTerm } from '../../../domain/glossary';
import { useT } from '../../i18n';
import type { SpeechStatus } from './speech';

export interface SpeechApi {
  status: SpeechStatus;
  speak: (text: string) => void;
}

/** The form's speech synthesis (provided by RecordForm; absent: no read-aloud buttons). */
export const SpeechContext = createContext<SpeechApi | undefined>(undefined);

/** "Bacakan": reads `text` aloud; shown only where the phone has a voice for it. */
export function SpeakButton({ text, label }: { text: () => string; label: string }) {
  const t = useT();
  const speech = useContext(SpeechContext);
  if (!speech || (speech.status !== 'ready' && speech.status !== 'online_only')) return null;
  return (
    <button
      type="button"
      class="button-link speak-button"
      aria-label={t('forms:speech.readLabel', { label })}
      onClick={() => speech.speak(text())}
    >
      <span aria-hidden="true">🔊</span> {t('forms:speech.read')}
    </button>
  );
}

/** One plain sentence about reading aloud on this phone, when it cannot simply work offline. */
export function SpeechNote() {
  const t = useT();
  const speech = useContext(SpeechContext);
  if (!speech || speech.status === 'ready') return null;
  return <p class="field-help speech-note">{t(`forms:speech.status.${speech.status}`)}</p>;
}

/** "Apa artinya?": opens the glossary entries of the terms in a question. */
export function GlossaryToggle({ id, terms }: { id: string; terms: readonly GlossaryTerm[] }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  if (terms.length === 0) return null;
  const panelId = `${id}-glossary`;
  return (
    <div class="glossary-toggle">
      <button
        type="button"
        class="button-link"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        {t('forms:glossary.toggle')}
      </button>
      <dl id={panelId} class="glossary-panel" hidden={!open}>
        {terms.map((term) => {
          const keys = glossaryKeys(term);
          return (
            <div key={term}>
              <dt>{t(`records:${keys.term}`)}</dt>
              <dd>{t(`records:${keys.meaning}`)}</dd>
            </div>
          );
        })}
      </dl>
    </div>
  );
}

/** "120 / 4000 huruf" under a long text; past the limit it says so as an error. */
export function TextCounter({ id, length, max }: { id: string; length: number; max: number }) {
  const t = useT();
  const over = length > max;
  return (
    <p id={id} class={over ? 'field-counter field-error' : 'field-counter'}>
      {t(over ? 'forms:form.counterOver' : 'forms:form.counter', { count: length, max })}
    </p>
  );
}
