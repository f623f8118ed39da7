// Timestamps are ISO 8601 strings that keep the device's UTC offset (Indonesia has three zones).

function pad(n: number, width = 2): string {
  return String(Math.trunc(Math.abs(n))).padStart(width, '0');
}

/** `2026-11-30T09:15:00.123+07:00`: local wall-clock time with the device's offset at that instant. */
export function toLocalIsoString(date: Date): string {
  const offsetMin = -date.getTimezoneOffset();
  const sign = offsetMin >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `.${pad(date.getMilliseconds(), 3)}` +
    `${sign}${pad(Math.floor(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`
  );
}

/** Now, as epoch milliseconds (the one clock of the data layer's rules, e.g. retention). */
export function nowMs(): number {
  return Date.now();
}

/** Now, as an ISO string with offset. */
export function nowIso(): string {
  return toLocalIsoString(new Date());
}

/** Milliseconds since the epoch of an ISO string (for sorting across offsets). */
export function isoToMs(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
}
