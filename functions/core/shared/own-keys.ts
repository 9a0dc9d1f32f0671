// Keys that senders choose (form fields, custom fields, column names) are data. Read from an
// ordinary object they find Object.prototype's members (`constructor`, `toString`), and a
// write to `__proto__` replaces the prototype instead of storing a field. These helpers
// never do either.

/** The one key no stored record may carry: JavaScript objects and DynamoDB's unmarshalling treat it as the prototype. */
export const PROTOTYPE_KEY = '__proto__';

/** The value stored under `key` in `record` itself; never one inherited from Object.prototype. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** An empty record without a prototype, for keys chosen by senders (`__proto__` included). */
export function dataRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
