import { html } from 'htm/preact';
import { query } from '../api';
import { BarChart } from '../chart-view';
import { reasonText } from '../decisions';
import { useDirectory } from '../directory';
import { formatDay, formatTime, leadTitle } from '../format';
import { countingSince, countLeads, failingWebhooks, leadTimesSince } from '../overview-data';
import { href } from '../router';
import type { Lead, LeadPage, Webhook } from '../types';
import { Badge, Loaded, Page, useLoad, useSession } from '../ui';
import { label } from '../vocabulary';

const PAGE_SIZE = 200;
const MAX_PAGES = 10;
const LISTED = 8;

/** Leads today and this week, a bar per day, and the leads waiting on someone (held, failed, waiting, queued, offered), with links. */
export function Overview() {
  const { api, routes } = useSession();
  const directory = useDirectory();
  const counts = useLoad(async () => {
    const now = new Date();
    const { createdAt, partial } = await leadTimesSince(
      (cursor) => api.get<LeadPage>(`/admin/leads${query({ limit: PAGE_SIZE, cursor })}`),
      countingSince(now),
      MAX_PAGES,
    );
    return countLeads(createdAt, now, partial);
  }, []);
  const waiting = useLoad(async () => {
    const [held, failed, unassigned, queued, offered] = await Promise.all(
      ['held', 'failed', 'unassigned', 'queued', 'offered'].map((status) =>
        api.get<LeadPage>(`/admin/leads${query({ status, limit: LISTED })}`),
      ),
    );
    return { held: held!, failed: failed!, unassigned: unassigned!, queued: queued!, offered: offered! };
  }, []);
  // One cheap list read: a subscription knows since when its deliveries fail.
  const hasWebhooks = routes.has('GET /admin/webhooks');
  const webhooks = useLoad(
    async () =>
      hasWebhooks ? failingWebhooks((await api.get<{ webhooks: Webhook[] }>('/admin/webhooks')).webhooks) : [],
    [hasWebhooks],
  );
  const atLeast = counts.data?.partial ? 'at least ' : '';
  return html`<${Page} title="Overview">
    <${Loaded} state=${counts}>
      ${(c: NonNullable<typeof counts.data>) => html`
        <div class="cards">
          <div class="card figure"><span class="figure-label">Leads today</span><span class="figure-value">${atLeast}${c.today}</span></div>
          <div class="card figure"><span class="figure-label">Leads this week</span><span class="figure-value">${atLeast}${c.thisWeek}</span></div>
          <${Loaded} state=${waiting}>
            ${(w: NonNullable<typeof waiting.data>) => html`
              <${Figure} label="Held for an admin" status="held" page=${w.held} />
              <${Figure} label="Failed" status="failed" page=${w.failed} />
              <${Figure} label="Waiting for a rep" status="unassigned" page=${w.unassigned} />
              <${Figure} label="Waiting in queues" status="queued" page=${w.queued} />`}
          <//>
          ${
            hasWebhooks && webhooks.data
              ? html`<a class="card figure" href=${href(['webhooks'])}>
                <span class="figure-label">Webhooks failing</span>
                <span class="figure-value">${webhooks.data.length}</span>
              </a>`
              : null
          }
        </div>
        <${BarChart}
          caption="Leads received per day, the last seven days"
          valueLabel="Leads"
          bars=${c.days.map((d) => ({ label: formatDay(d.day), value: d.count }))}
        />`}
    <//>
    <${Loaded} state=${waiting}>
      ${(w: NonNullable<typeof waiting.data>) => html`
        <${WaitingList} title="Held for an admin" status="held" page=${w.held} nameOf=${directory.data?.nameOf} empty="No lead is held for an admin." />
        <${WaitingList} title="Failed: routing gave up" status="failed" page=${w.failed} nameOf=${directory.data?.nameOf} empty="No lead has failed." />
        <${WaitingList} title="Waiting for a rep" status="unassigned" page=${w.unassigned} nameOf=${directory.data?.nameOf} empty="No lead waits for a rep." />
        <${WaitingList} title="Waiting in pull queues" status="queued" page=${w.queued} nameOf=${directory.data?.nameOf} empty="No lead waits in a queue." />
        <${WaitingList} title="Open shotgun offers" status="offered" page=${w.offered} nameOf=${directory.data?.nameOf} empty="No offer is open." />`}
    <//>
  <//>`;
}

/** A count of leads in one status, linking to them; `+` when there are more than one page. */
function Figure(props: { label: string; status: string; page: LeadPage }) {
  return html`<a class="card figure" href=${href(['leads'], { status: props.status })}>
    <span class="figure-label">${props.label}</span>
    <span class="figure-value">${props.page.leads.length}${props.page.nextCursor ? '+' : ''}</span>
  </a>`;
}

function WaitingList(props: {
  title: string;
  status: string;
  page: LeadPage;
  nameOf?: (id: string | undefined) => string;
  empty: string;
}) {
  const nameOf = props.nameOf ?? ((id: string | undefined) => id ?? '');
  return html`<section class="panel" aria-label=${props.title}>
    <h2>${props.title}</h2>
    ${
      props.page.leads.length === 0
        ? html`<p class="muted">${props.empty}</p>`
        : html`<ul class="lead-list">
          ${props.page.leads.map((lead: Lead) => {
            const last = lead.decisions.at(-1);
            const why = lead.failure?.reason ?? last?.reason;
            return html`<li>
              <a href=${href(['leads', lead.id])}>${leadTitle(lead)}</a>
              <${Badge} value=${lead.status} text=${label(lead.status)} />
              <span class="muted">${formatTime(lead.createdAt)}${lead.poolId ? ` · ${nameOf(lead.poolId)}` : ''}${why ? ` · ${reasonText(why)}` : ''}</span>
            </li>`;
          })}
        </ul>
        ${props.page.nextCursor ? html`<p><a href=${href(['leads'], { status: props.status })}>See all</a></p>` : null}`
    }
  </section>`;
}
