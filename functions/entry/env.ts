import { TABLES, type TableKey, type TableNames } from '../adapters/dynamodb/table-definitions';

/** Reads a required environment variable at module load; a missing one fails the cold start loudly. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}

/** The names of the tables a function was bound to (`bindTable` set their env vars). */
export function tablesFromEnv<K extends TableKey>(...keys: K[]): Pick<TableNames, K> {
  const names = {} as Pick<TableNames, K>;
  for (const key of keys) names[key] = requireEnv(TABLES[key].envVar);
  return names;
}
