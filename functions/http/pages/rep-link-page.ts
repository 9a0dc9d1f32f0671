import type { LeadFields } from '../../core/leads/lead';
import type { LinkState, LinkView } from '../../core/links/rep-links';
import { escapeHtml } from '../html';
import type { HttpResponse } from '../http-types';
import { availabilityFooter, detailList, type PageContent, htmlPage as pageWith, repTime } from './page';

const LABELS: [keyof LeadFields, string][] = [
  ['name', 'Name'],
  ['firstName', 'First name'],
  ['lastName', 'Last name'],
  ['company', 'Company'],
  ['companySize', 'Company size'],
  ['email', 'Email'],
  ['phone', 'Phone'],
  ['product', 'Interested in'],
  ['score', 'Score'],
  ['city', 'City'],
  ['region', 'Region'],
  ['country', 'Country'],
  ['postalCode', 'Postal code'],
  ['message', 'Message'],
];

/** The lead's fields as a definition list (contact details as mailto: and tel: links; times in the rep's zone). */
export function leadDetails(view: Pick<LinkView, 'lead'>, timeZone?: string): string {
  const lead = view.lead;
  if (!lead) return '';
  const fields = lead.fields;
  // Show the full name once: drop its parts when it is there.
  // One tap to write or call: the first minutes count.
  const hrefs: Partial<Record<keyof LeadFields, string>> = {
    ...(fields.email ? { email: `mailto:${fields.email}` } : {}),
    ...(fields.phone ? { phone: `tel:${fields.phone}` } : {}),
  };
  const rows = LABELS.filter(([key]) => !(fields.name && (key === 'firstName' || key === 'lastName'))).map(
    ([key, label]) => [label, fields[key], hrefs[key]] as [string, unknown, string?],
  );
  const custom = Object.entries(lead.custom ?? {}).map(([key, value]) => [key, value] as [string, unknown, string?]);
  return detailList([...rows, ...custom, ['Received', repTime(lead.receivedAt, timeZone)]]);
}

function button(label: string): string {
  return `<form method="post"><button type="submit">${escapeHtml(label)}</button></form>`;
}

/** Pass: the lead goes to the next rep at once; the reason is optional and goes on the record. */
function passForm(token: string): string {
  return `<form method="post" action="/l/${escapeHtml(encodeURIComponent(token))}/pass"><label for="reason">Not for you? Pass it on (reason optional)</label><input id="reason" name="reason" maxlength="200" autocomplete="off"><button type="submit" class="quiet">Pass</button></form>`;
}

const OUTCOME_BUTTONS: [stage: string, label: string, done: string][] = [
  ['contacted', 'Contacted', 'Contacted ✓'],
  ['unreachable', 'Couldn’t reach', 'Couldn’t reach ✓'],
];

/** "Contacted" and "Couldn't reach" on a lead the rep owns: each records its outcome once. */
function outcomeButtons(view: LinkView): string {
  const recorded = view.lead?.outcomes ?? [];
  const buttons = OUTCOME_BUTTONS.map(([stage, label, done]) =>
    recorded.includes(stage)
      ? `<p class="note">${escapeHtml(done)}</p>`
      : `<form method="post"><input type="hidden" name="stage" value="${stage}"><button type="submit">${escapeHtml(label)}</button></form>`,
  );
  return `<p>After you reach out, say how it went:</p>${buttons.join('')}`;
}

/** The HTML page for a rep link in a given state; `token` is the link's own, for the pass form. */
export function repLinkPage(view: LinkView, method: 'GET' | 'POST', token = ''): HttpResponse {
  const status = linkStatus(view.state, method);
  const htmlPage = (code: number, content: PageContent) =>
    pageWith(code, { ...content, footer: availabilityFooter(view.availabilityUrl) });
  const details = () => leadDetails(view, view.timezone);
  const who = view.repName ? `, ${escapeHtml(view.repName.split(' ')[0])}` : '';
  const claim = view.purpose === 'claim';
  switch (view.state) {
    case 'open':
      return claim
        ? htmlPage(status, {
            title: 'A lead is up for grabs',
            body: `<p>Hi${who}. The first rep to claim it gets it.</p>${details()}${
              view.lead?.offerExpiresAt
                ? `<p class="note">The offer closes at ${escapeHtml(repTime(view.lead.offerExpiresAt, view.timezone))}.</p>`
                : ''
            }${button('Claim this lead')}`,
          })
        : htmlPage(status, {
            title: 'A new lead for you',
            body: `<p>Hi${who}. Accept it to let the team know you are on it.</p>${details()}${button('Accept this lead')}${passForm(token)}`,
          });
    case 'done':
      return htmlPage(status, {
        title: claim ? 'It’s yours' : 'Accepted',
        tone: 'good',
        body: `<p>${claim ? 'You claimed this lead. Reach out now: the first minutes count.' : 'Thanks. Reach out now: the first minutes count.'}</p>${details()}${outcomeButtons(view)}`,
      });
    case 'passed':
      return htmlPage(status, {
        title: 'Passed on',
        tone: 'good',
        body: '<p>Thanks for saying so. The lead goes to the next rep now.</p>',
      });
    case 'noted':
      return htmlPage(status, {
        title: 'Noted',
        tone: 'good',
        body: `<p>Thanks${who}: the team can see it.</p>${details()}${outcomeButtons(view)}`,
      });
    case 'already_yours':
      return htmlPage(status, {
        title: 'This lead is already yours',
        body: `<p>This link was used already.</p>${details()}${outcomeButtons(view)}`,
      });
    case 'taken':
      return htmlPage(status, {
        title: 'Already claimed',
        tone: 'bad',
        body: '<p>Another rep claimed this lead first. The next one may be yours.</p>',
      });
    case 'at_capacity':
      return htmlPage(status, {
        title: 'You are at your limit',
        tone: 'bad',
        body: '<p>You have as many leads as your caps allow. Close one, then try again.</p>',
      });
    case 'unavailable':
      return htmlPage(status, {
        title: 'You are not taking leads right now',
        tone: 'bad',
        body: '<p>You are paused, away or outside your working hours. Set yourself available first (the link below).</p>',
      });
    case 'expired':
      return htmlPage(status, {
        title: 'This link has expired',
        tone: 'bad',
        body: '<p>The offer or the link is no longer open.</p>',
      });
    case 'passed_on':
      return htmlPage(status, {
        title: 'This lead has moved on',
        tone: 'bad',
        body: '<p>It is no longer assigned to you, so this link no longer works.</p>',
      });
    case 'forged':
      return htmlPage(status, {
        title: 'This link is not valid',
        tone: 'bad',
        body: '<p>Check that you opened the whole link from your message.</p>',
      });
    case 'not_found':
      return htmlPage(status, { title: 'Lead not found', tone: 'bad', body: '<p>This lead no longer exists.</p>' });
  }
}

/** The same as JSON, for integrations that send `Accept: application/json`. */
export function repLinkJson(view: LinkView, method: 'GET' | 'POST'): HttpResponse {
  return { status: linkStatus(view.state, method), body: view };
}

/** The HTTP status for a link state (`POST` turns a reused link into a conflict). */
export function linkStatus(state: LinkState, method: 'GET' | 'POST'): number {
  switch (state) {
    case 'open':
    case 'done':
    case 'passed':
    case 'noted':
      return 200;
    case 'already_yours':
      return method === 'POST' ? 409 : 200;
    case 'forged':
      return 403;
    case 'not_found':
      return 404;
    case 'taken':
    case 'at_capacity':
    case 'unavailable':
      return 409;
    case 'expired':
    case 'passed_on':
      return 410;
  }
}
