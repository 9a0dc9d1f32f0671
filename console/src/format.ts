// Dates, durations and names as people read them, in the browser's time zone.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const shortDay = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric' });

/** `3 Dec 2026, 14:05`, or an empty string for no time. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : dateTime.format(ms);
}

/** `Thu 3`: a day's label on the overview's chart. */
export function formatDay(day: Date): string {
  return shortDay.format(day);
}

/** `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ''}`;
}

/** A `datetime-local` input's value for an ISO time (local time, minutes). */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The ISO time of a `datetime-local` value (read in the browser's zone); empty for none. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/** The name a lead goes by: its name, else its email or phone, else its id. */
export function leadTitle(lead: {
  id: string;
  fields: { name?: string; firstName?: string; lastName?: string; email?: string; phone?: string };
}): string {
  const f = lead.fields;
  const name = f.name ?? [f.firstName, f.lastName].filter(Boolean).join(' ');
  return name || f.email || f.phone || lead.id;
}
