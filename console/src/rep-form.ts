// A rep's editable fields as the form holds them (text), and the API body they make.
import { formatTime, fromLocalInput, toLocalInput } from './format';
import type { Rep, WeeklyWindow } from './types';

export interface RepDraft {
  name: string;
  email: string;
  phone: string;
  timezone: string;
  status: string;
  awayUntil: string;
  maxOpen: string;
  maxPerDay: string;
  notifyBy: string[];
  /** Whether the rep picks channels, or gets every channel they have (the default). */
  chooseChannels: boolean;
  workingHours: { days: string[]; from: string; to: string }[];
}

/** The form's starting values for a rep (or a new one). */
export function repDraft(rep?: Rep): RepDraft {
  return {
    name: rep?.name ?? '',
    email: rep?.email ?? '',
    phone: rep?.phone ?? '',
    timezone: rep?.timezone ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'),
    status: rep?.status ?? 'active',
    awayUntil: toLocalInput(rep?.awayUntil),
    maxOpen: rep?.maxOpen === undefined ? '' : String(rep.maxOpen),
    maxPerDay: rep?.maxPerDay === undefined ? '' : String(rep.maxPerDay),
    notifyBy: rep?.notifyBy ?? [],
    chooseChannels: rep?.notifyBy !== undefined,
    workingHours: (rep?.workingHours ?? []).map((w: WeeklyWindow) => ({ days: [...w.days], from: w.from, to: w.to })),
  };
}

/** A whole number typed in a field; the text itself when it is not one, for the API to refuse by name. */
export function wholeNumber(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/**
 * The `PATCH` body: only what changed from `before` (a new rep: everything set). Emptied
 * optional fields are `null`, which the API reads as "clear it".
 */
export function repChanges(draft: RepDraft, before?: RepDraft): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const changed = <K extends keyof RepDraft>(key: K) =>
    !before || JSON.stringify(draft[key]) !== JSON.stringify(before[key]);
  const optional = (key: 'email' | 'phone', value: string) => {
    if (changed(key) && value.trim() !== '') body[key] = value.trim();
  };
  if (changed('name')) body.name = draft.name.trim();
  optional('email', draft.email);
  optional('phone', draft.phone);
  if (changed('timezone') && draft.timezone.trim()) body.timezone = draft.timezone.trim();
  if (changed('status')) body.status = draft.status;
  if (changed('awayUntil')) {
    const away = fromLocalInput(draft.awayUntil);
    if (away || before) body.awayUntil = away ?? null;
  }
  for (const key of ['maxOpen', 'maxPerDay'] as const) {
    if (!changed(key)) continue;
    const value = wholeNumber(draft[key]);
    if (value !== null || before) body[key] = value;
  }
  if (changed('notifyBy') || changed('chooseChannels')) {
    if (draft.chooseChannels) body.notifyBy = draft.notifyBy;
    else if (before) body.notifyBy = null;
  }
  if (changed('workingHours')) {
    if (draft.workingHours.length > 0) body.workingHours = draft.workingHours;
    else if (before) body.workingHours = null;
  }
  return body;
}

/** A rep's availability in a few words: paused, away until when, or active. */
export function availability(rep: Rep, now = new Date()): string {
  if (rep.status === 'paused') return 'paused';
  if (rep.awayUntil && Date.parse(rep.awayUntil) > now.getTime()) return `away until ${formatTime(rep.awayUntil)}`;
  return 'active';
}

/** `Mon–Fri 09:00–17:30`, windows joined by `; `. */
export function hoursSummary(hours: readonly WeeklyWindow[] | undefined): string {
  if (!hours?.length) return 'any time';
  return hours.map((w) => `${w.days.join(' ')} ${w.from}–${w.to}`).join('; ');
}
