// The admin key lives in sessionStorage only: gone when the tab closes, never in a cookie or
// localStorage, never sent anywhere but this API's Authorization header.
const KEY = 'leadrouter.adminKey';

/** The signed-in admin key, if any. */
export function storedKey(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}

/** Keeps the key for this tab's session. */
export function storeKey(key: string): void {
  sessionStorage.setItem(KEY, key);
}

/** Signs out: forgets the key. */
export function forgetKey(): void {
  sessionStorage.removeItem(KEY);
}
