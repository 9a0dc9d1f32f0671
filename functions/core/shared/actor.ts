/**
 * Who made a change: an admin API key (as the gateway's authorizer identified it), a rep
 * through their signed availability link, or leadrouter itself (a CLI, the local stack).
 */
export type Actor =
  | { type: 'admin'; keyId: string; keyName: string }
  | { type: 'rep'; repId: string; via: 'availability_link' }
  | { type: 'system'; name: string };

/** The actor for changes leadrouter's own tools make (`npm run admin`, `npm start`). */
export function systemActor(name: string): Actor {
  return { type: 'system', name };
}
