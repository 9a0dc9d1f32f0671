import type { OwnLead, QueueCard, QueueState, QueueView } from '../../core/pull-queues/queue-view';
import type { SkipReason } from '../../core/team/rep';
import { escapeHtml } from '../html';
import type { HttpResponse } from '../http-types';
import { availabilityFooter, detailList, type PageContent, htmlPage as pageWith, pathOf } from './page';
import { leadDetails } from './rep-link-page';

/** Paths on this API, relative so that forms post to the page's own origin (`form-action 'self'`). */
const queuePath = (token: string, ...rest: string[]) =>
  ['/q', encodeURIComponent(token), ...rest.map(encodeURIComponent)].join('/');

function form(action: string, label: string, quiet = false): string {
  return `<form method="post" action="${escapeHtml(action)}"><button type="submit"${quiet ? ' class="quiet"' : ''}>${escapeHtml(label)}</button></form>`;
}

/** "just now", "12 min", "3 h", "2 days": how long a lead has waited. */
export function waitedFor(minutes: number): string {
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h`;
  return `${Math.floor(minutes / (24 * 60))} days`;
}

function waitingLine(view: QueueView): string {
  const waiting = view.waiting;
  if (!waiting) return '';
  const count = `${waiting.count}${waiting.more ? '+' : ''}`;
  return `<p class="count">${escapeHtml(count)}</p><p class="note">${waiting.count === 1 && !waiting.more ? 'lead waiting' : 'leads waiting'}</p>`;
}

const REASONS: Partial<Record<SkipReason, string>> = {
  paused: 'You are paused, so you cannot take leads now.',
  away: 'You are marked away, so you cannot take leads now.',
  off_hours: 'It is outside your working hours, so you cannot take leads now.',
  at_max_open: 'You have as many open leads as your cap allows. Close or release one first.',
  at_max_per_day: 'You took as many leads today as your cap allows.',
};

function reasonNote(reason: SkipReason | undefined): string {
  const text = reason ? REASONS[reason] : undefined;
  return text ? `<p class="note">${escapeHtml(text)}</p>` : '';
}

/** A preview card: only the partial fields the queue may show, and a Take button. */
function card(token: string, lead: QueueCard): string {
  const place = [lead.city, lead.region].filter(Boolean).join(', ');
  return `<section class="lead">${detailList([
    ['First name', lead.firstName],
    ['Place', place],
    ['Source', lead.source],
    ['Interested in', lead.product],
    ['Score', lead.score],
    ['Waiting', waitedFor(lead.ageMinutes)],
  ])}${form(queuePath(token, 'take', lead.id), 'Take')}</section>`;
}

/** The rep's own lead: full contact, accept, release. */
function ownLeadOf(token: string, lead: OwnLead, timeZone: string | undefined): string {
  const accept = lead.status === 'assigned' && lead.acceptUrl ? form(pathOf(lead.acceptUrl), 'Accept this lead') : '';
  return `${leadDetails({ lead: { id: lead.id, fields: lead.fields, ...(lead.custom ? { custom: lead.custom } : {}), receivedAt: lead.receivedAt } }, timeZone)}${accept}${form(
    queuePath(token, 'release', lead.id),
    'Release back to the queue',
    true,
  )}`;
}

function mineSection(token: string, view: QueueView): string {
  if (!view.mine?.length) return '';
  const rows = view.mine.map((lead) => {
    const who = lead.fields.name ?? lead.fields.firstName ?? lead.fields.email ?? lead.fields.phone ?? lead.id;
    const open = lead.acceptUrl ? ` · <a href="${escapeHtml(pathOf(lead.acceptUrl))}">open</a>` : '';
    return `<section class="lead"><p><strong>${escapeHtml(who)}</strong> <span class="note">${escapeHtml(lead.status)}</span>${open}</p>${form(
      queuePath(token, 'release', lead.id),
      'Release back to the queue',
      true,
    )}</section>`;
  });
  return `<h2>Your leads from this queue</h2>${rows.join('')}`;
}

const backLink = (token: string) => `<p><a href="${escapeHtml(queuePath(token))}">Back to the queue</a></p>`;

/** The HTML page for a queue request in a given state. */
export function queuePage(view: QueueView, token: string): HttpResponse {
  const status = queueStatus(view.state);
  const htmlPage = (code: number, content: PageContent) =>
    pageWith(code, { ...content, footer: availabilityFooter(view.availabilityUrl) });
  const ownLead = (t: string, lead: OwnLead) => ownLeadOf(t, lead, view.timezone);
  const hi = view.repName ? `<p>Hi, ${escapeHtml(view.repName.split(' ')[0])}.</p>` : '';
  const poolName = view.pool?.name ?? 'Lead queue';
  switch (view.state) {
    case 'open': {
      if (view.pool?.method === 'pull_preview') {
        const cards = view.leads?.length
          ? view.leads.map((lead) => card(token, lead)).join('')
          : '<p>Nothing is waiting right now. You get a message when a lead arrives.</p>';
        return htmlPage(status, {
          title: poolName,
          body: `${hi}${waitingLine(view)}${reasonNote(view.reason)}<p class="note">Take a lead to see its full contact.</p>${cards}${mineSection(token, view)}`,
        });
      }
      return htmlPage(status, {
        title: poolName,
        body: `${hi}${waitingLine(view)}${reasonNote(view.reason)}${form(queuePath(token, 'next'), 'Give me the next lead')}${mineSection(token, view)}`,
      });
    }
    case 'done':
      return htmlPage(status, {
        title: 'It’s yours',
        tone: 'good',
        body: `${view.missed ? '<p>Someone else took the lead you were after, so here is the next one.</p>' : ''}<p>Reach out now: the first minutes count.</p>${
          view.lead ? ownLead(token, view.lead) : ''
        }${backLink(token)}`,
      });
    case 'already_yours':
      return htmlPage(status, {
        title: 'This lead is already yours',
        body: `${view.lead ? ownLead(token, view.lead) : ''}${backLink(token)}`,
      });
    case 'released':
      return htmlPage(status, {
        title: 'Back in the queue',
        tone: 'good',
        body: `<p>The lead waits in the queue again for the next rep.</p>${waitingLine(view)}${backLink(token)}`,
      });
    case 'taken':
      return htmlPage(status, {
        title: 'Someone was faster',
        tone: 'bad',
        body: `<p>Another rep took that lead first.</p>${view.next ? `<p>This one is next in the queue:</p>${card(token, view.next)}` : '<p>Nothing else is waiting right now.</p>'}${backLink(token)}`,
      });
    case 'empty':
      return htmlPage(status, {
        title: 'The queue is empty',
        body: `${view.missed ? '<p>Other reps took the last leads first.</p>' : ''}<p>Nothing is waiting right now. You get a message when a lead arrives.</p>${backLink(token)}`,
      });
    case 'at_capacity':
      return htmlPage(status, {
        title: 'You are at your limit',
        tone: 'bad',
        body: `${reasonNote(view.reason)}${backLink(token)}`,
      });
    case 'unavailable':
      return htmlPage(status, {
        title: 'You cannot take leads right now',
        tone: 'bad',
        body: `${reasonNote(view.reason)}${backLink(token)}`,
      });
    case 'not_yours':
      return htmlPage(status, {
        title: 'This lead is not yours to release',
        tone: 'bad',
        body: `<p>It is no longer assigned to you.</p>${backLink(token)}`,
      });
    case 'busy':
      return htmlPage(status, {
        title: 'The queue is busy',
        tone: 'bad',
        body: `<p>Many reps are taking leads at once. Try again in a moment.</p>${backLink(token)}`,
      });
    case 'not_member':
      return htmlPage(status, {
        title: 'This queue is not open to you',
        tone: 'bad',
        body: '<p>You are no longer a member of this pool, or it no longer works as a queue. Ask your admin for a new link.</p>',
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
        body: '<p>Queue links work for a while only. Ask your admin for a new one, or use the link in your latest message.</p>',
      });
    case 'not_found':
      return htmlPage(status, {
        title: 'Not found',
        tone: 'bad',
        body: `<p>There is no such lead or queue.</p>${view.pool ? backLink(token) : ''}`,
      });
  }
}

/** The same as JSON, for integrations (and every answer of `GET /q/{token}/leads`). */
export function queueJson(view: QueueView): HttpResponse {
  return { status: queueStatus(view.state), body: view };
}

/** The HTTP status for a queue state. */
export function queueStatus(state: QueueState): number {
  switch (state) {
    case 'open':
    case 'done':
    case 'released':
      return 200;
    case 'empty':
    case 'taken':
    case 'already_yours':
    case 'at_capacity':
    case 'not_yours':
      return 409;
    case 'unavailable':
    case 'not_member':
    case 'forged':
      return 403;
    case 'not_found':
      return 404;
    case 'expired':
      return 410;
    case 'busy':
      return 503;
  }
}
