// The last step before deleting every local record: the volunteer types a word, so a stray tap
// can never wipe a phone's records.
import { useState } from 'preact/hooks';
import { useT } from '../i18n';

interface Props {
  /** Called once the word matches and the button is pressed. */
  onConfirm: () => Promise<void>;
  /** i18n key of the button text. */
  buttonKey?: string;
}

export function ConfirmWipe({ onConfirm, buttonKey = 'app:wipe.button' }: Props) {
  const t = useT();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const word = t('app:wipe.word');
  const matches = typed.trim().toLocaleUpperCase() === word.toLocaleUpperCase();

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!matches || busy) return;
    setBusy(true);
    setFailed(false);
    try {
      await onConfirm();
    } catch {
      setFailed(true);
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <div class="field">
        <label for="wipe-word">{t('app:wipe.typeWord', { word })}</label>
        <input
          id="wipe-word"
          type="text"
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          value={typed}
          onInput={(e) => setTyped(e.currentTarget.value)}
        />
      </div>
      {failed && (
        <p class="field-error" role="alert">
          {t('app:wipe.failed')}
        </p>
      )}
      <button type="submit" class="button button-danger button-block" disabled={!matches || busy}>
        {busy ? t('app:wipe.busy') : t(buttonKey)}
      </button>
    </form>
  );
}
