import { html } from 'htm/preact';
import { hasRoutes } from '../capabilities';
import { href } from '../router';
import { useSession } from '../ui';

/** ` · History`: the audit log of one rep, pool, source or lead, where the deployment keeps one. */
export function HistoryLink(props: { id: string }) {
  const { routes } = useSession();
  if (!hasRoutes(routes, ['GET /admin/audit'])) return null;
  return html` · <a href=${href(['audit'], { entity: props.id })}>History</a>`;
}
