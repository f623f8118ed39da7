// A passphrase field (words, the ordinary keyboard): masked, labelled, with help and its error
// announced and tied to the input. The PIN field's counterpart for phones without passkeys.
import type { Ref } from 'preact';

interface Props {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string;
  help?: string;
  autoComplete?: 'current-password' | 'new-password' | 'off';
  inputRef?: Ref<HTMLInputElement>;
  disabled?: boolean;
}

export function PassphraseInput(props: Props) {
  const { id, label, value, onInput, error, help, inputRef, disabled } = props;
  const describedBy = [help && `${id}-help`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {help && (
        <span id={`${id}-help`} class="field-help">
          {help}
        </span>
      )}
      <input
        id={id}
        ref={inputRef}
        type="password"
        autoComplete={props.autoComplete ?? 'off'}
        autoCapitalize="none"
        spellcheck={false}
        maxLength={256}
        value={value}
        disabled={disabled}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      {error && (
        <span id={`${id}-error`} class="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
