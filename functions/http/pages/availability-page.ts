import type { AvailabilityState, AvailabilityView } from '../../core/links/availability';
import { instantToWallClock } from '../../core/shared/wall-clock';
import { escapeHtml } from '../html';
import type { HttpResponse } from '../http-types';
import { htmlPage, repTime } from './page';

const NOW: Record<NonNullable<AvailabilityView['availability']>, string> = {
  available: 'You are available: you get leads.',
  away: 'You are away',
  paused: 'You are paused: you get no leads until you say you are available.',
};

function current(view: AvailabilityView): string {
  if (!view.availability) return '';
  const text =
    view.availability === 'away' && view.awayUntil
      ? `${NOW.away} until ${repTime(view.awayUntil, view.timezone)}: you get no leads until then.`
      : NOW[view.availability];
  return `<p>${escapeHtml(text)}</p>`;
}

/** The form: three choices, and the time an absence ends, in the rep's own time zone. */
function form(view: AvailabilityView): string {
  const choice = (value: string, label: string) =>
    `<label><input type="radio" name="status" value="${value}"${view.availability === value ? ' checked' : ''}> ${escapeHtml(label)}</label>`;
  const zone = view.timezone ?? 'UTC';
  const until = view.awayUntil ? instantToWallClock(new Date(view.awayUntil), zone) : '';
  return `<form method="post">${choice('available', 'Available')}${choice('away', 'Away until…')}<label for="awayUntil">Back on (your time, ${escapeHtml(zone)})</label><input id="awayUntil" type="datetime-local" name="awayUntil" value="${escapeHtml(until)}">${choice('paused', 'Paused until I come back')}<button type="submit">Save</button></form>`;
}

/** The HTML page of a rep's availability link. */
export function availabilityPage(view: AvailabilityView): HttpResponse {
  const status = availabilityStatus(view.state);
  const hi = view.repName ? `<p>Hi, ${escapeHtml(view.repName.split(' ')[0])}.</p>` : '';
  switch (view.state) {
    case 'open':
      return htmlPage(status, { title: 'Your availability', body: `${hi}${current(view)}${form(view)}` });
    case 'done':
      return htmlPage(status, {
        title: 'Saved',
        tone: 'good',
        body: `${current(view)}<p class="note">It counts from the next lead.</p>${form(view)}`,
      });
    case 'invalid':
      return htmlPage(status, {
        title: 'Not saved',
        tone: 'bad',
        body: `<p>${escapeHtml(view.problem ?? 'Check the form.')}</p>${current(view)}${form(view)}`,
      });
    case 'forged':
      return htmlPage(status, {
        title: 'This link is not valid',
        tone: 'bad',
        body: '<p>Check that you opened the whole link from your message.</p>',
      });
    case 'expired':
      return htmlPage(status, {
        title: 'This link has expired',
        tone: 'bad',
        body: '<p>Use the link at the foot of a recent lead page, or ask your admin.</p>',
      });
    case 'not_found':
      return htmlPage(status, { title: 'Not found', tone: 'bad', body: '<p>This rep no longer exists.</p>' });
  }
}

/** The same as JSON, for `Accept: application/json`. */
export function availabilityJson(view: AvailabilityView): HttpResponse {
  return { status: availabilityStatus(view.state), body: view };
}

/** The HTTP status for an availability state. */
export function availabilityStatus(state: AvailabilityState): number {
  switch (state) {
    case 'open':
    case 'done':
      return 200;
    case 'invalid':
      return 400;
    case 'forged':
      return 403;
    case 'not_found':
      return 404;
    case 'expired':
      return 410;
  }
}
