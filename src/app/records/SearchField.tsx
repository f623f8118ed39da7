// The search box of the record list and of the search over every kind: a labelled search input
// with its help text tied to it for screen readers.
export function SearchField({
  id,
  label,
  help,
  value,
  onInput,
}: {
  id: string;
  label: string;
  help: string;
  value: string;
  onInput: (value: string) => void;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="search"
        autoComplete="off"
        aria-describedby={`${id}-help`}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <p id={`${id}-help`} class="field-help">
        {help}
      </p>
    </div>
  );
}
