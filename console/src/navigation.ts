// The console's screens. A screen that needs routes the API may not have yet names them in
// `needs`; it joins the navigation once the deployment's OpenAPI document lists them.
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import type { Location } from './router';
import { ApiKeys } from './screens/api-keys';
import { Audit } from './screens/audit';
import { LeadDetail } from './screens/lead-detail';
import { Leads } from './screens/leads';
import { Overview } from './screens/overview';
import { PoolDetail } from './screens/pool-detail';
import { Pools } from './screens/pools';
import { RepDetail } from './screens/rep-detail';
import { Reps } from './screens/reps';
import { Rules } from './screens/rules';
import { SourceDetail } from './screens/source-detail';
import { Sources } from './screens/sources';
import { Stats } from './screens/stats';
import { TableDetail } from './screens/table-detail';
import { Tables } from './screens/tables';
import { WebhookDetail } from './screens/webhook-detail';
import { Webhooks } from './screens/webhooks';

export interface Screen {
  /** The first segment of its fragment (`#/leads`); the overview's is empty. */
  id: string;
  title: string;
  /** Routes it cannot work without, as `METHOD /path` of the OpenAPI document. */
  needs?: readonly string[];
  render: (location: Location) => VNode;
}

/** `list` at `#/<id>`, `detail` at `#/<id>/<item id>`. */
const listAndDetail =
  (list: (props: { query: URLSearchParams }) => VNode, detail: (props: { id: string }) => VNode) =>
  (location: Location) => {
    const id = location.segments[1];
    return id ? html`<${detail} key=${id} id=${id} />` : html`<${list} query=${location.query} />`;
  };

export const SCREENS: readonly Screen[] = [
  { id: '', title: 'Overview', render: () => html`<${Overview} />` },
  { id: 'leads', title: 'Leads', render: listAndDetail(Leads, LeadDetail) },
  { id: 'reps', title: 'Reps', render: listAndDetail(Reps, RepDetail) },
  { id: 'pools', title: 'Pools', render: listAndDetail(Pools, PoolDetail) },
  { id: 'rules', title: 'Rules', render: () => html`<${Rules} />` },
  { id: 'sources', title: 'Sources', render: listAndDetail(Sources, SourceDetail) },
  {
    id: 'tables',
    title: 'Lookup tables',
    needs: ['GET /admin/tables'],
    render: listAndDetail(Tables, TableDetail),
  },
  {
    id: 'stats',
    title: 'Stats',
    needs: ['GET /admin/stats'],
    render: (location) => html`<${Stats} query=${location.query} />`,
  },
  {
    id: 'webhooks',
    title: 'Webhooks',
    needs: ['GET /admin/webhooks'],
    render: listAndDetail(Webhooks, WebhookDetail),
  },
  { id: 'keys', title: 'API keys', render: () => html`<${ApiKeys} />` },
  {
    id: 'audit',
    title: 'Audit log',
    needs: ['GET /admin/audit'],
    render: (location) => html`<${Audit} query=${location.query} />`,
  },
];

/** The screen at a fragment's first segment. */
export function screenFor(id: string): Screen | undefined {
  return SCREENS.find((s) => s.id === id);
}
