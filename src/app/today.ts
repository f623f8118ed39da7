// Today's calendar date on this phone (YYYY-MM-DD, in the phone's own time zone: WIB, WITA or WIT).

export function todayLocal(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The calendar date `days` after today on this phone (Indonesia keeps no daylight saving). */
export function daysAfterToday(days: number, now: Date = new Date()): string {
  const later = new Date(now);
  later.setDate(later.getDate() + days);
  return todayLocal(later);
}
