// Which admin routes this deployment has, read from its own OpenAPI document. Screens and
// sections that need a route other work adds (stats, webhooks, the audit log, timelines,
// rule simulation, lookup tables) name it and appear once the API answers for it.

/** `METHOD /path` of every operation the OpenAPI document lists, e.g. `GET /admin/leads/{id}`. */
export function routesOf(document: unknown): Set<string> {
  const routes = new Set<string>();
  const paths = (document as { paths?: Record<string, Record<string, unknown>> } | undefined)?.paths ?? {};
  for (const [path, operations] of Object.entries(paths)) {
    for (const method of Object.keys(operations ?? {})) routes.add(`${method.toUpperCase()} ${path}`);
  }
  return routes;
}

/** Whether every route a screen or section needs is there. */
export function hasRoutes(routes: ReadonlySet<string>, needs: readonly string[] = []): boolean {
  return needs.every((route) => routes.has(route));
}
