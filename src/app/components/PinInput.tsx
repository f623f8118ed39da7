// A PIN field: digits only, the phone's number pad (inputMode numeric), masked, labelled, with its
// error announced and tied to the input.
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

export function PinInput(props: Props) {
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
        class="pin-input"
        type="password"
        inputMode="numeric"
        pattern="[0-9]*"
        autoComplete={props.autoComplete ?? 'off'}
        maxLength={12}
        value={value}
        disabled={disabled}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
        // Only digits: the number pad can still paste letters or spaces.
        onInput={(e) => onInput(e.currentTarget.value.replace(/\D/g, ''))}
      />
      {error && (
        <span id={`${id}-error`} class="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
