import type { TableHead } from './table';

/** One stored part of a table version: a bucket (`b12`) or a range chunk (`r3`). */
export interface PartRef {
  table: string;
  version: number;
  part: string;
}

/** Reads tables for routing: heads (cached for a while) and parts (immutable, cached for good). */
export interface TableReader {
  /** The table's head; `fresh` reads past any cache (a part was gone: the version retired). */
  head(name: string, fresh?: boolean): Promise<TableHead | undefined>;
  /** The parts' encoded rows, in order; undefined where a part is not stored (its version retired). */
  parts(refs: readonly PartRef[]): Promise<(string | undefined)[]>;
}

/** Where lookup tables are kept: heads, and the parts of every version they point to. */
export interface TableStore extends TableReader {
  listHeads(): Promise<TableHead[]>;
  /** A version number nobody else will use for this table (concurrent uploads never share one). */
  reserveVersion(name: string): Promise<number>;
  /** Stores a version's parts (all before the switch; idempotent). */
  writeParts(name: string, version: number, parts: ReadonlyMap<string, string>): Promise<void>;
  /** Makes `head` the table's head if its current version is still `expectedVersion` (0: no table yet). */
  switchVersion(head: TableHead, expectedVersion: number): Promise<boolean>;
  deleteParts(name: string, version: number, partIds: readonly string[]): Promise<void>;
  /** Removes the head if its current version is still `expectedVersion`. */
  deleteHead(name: string, expectedVersion: number): Promise<boolean>;
}
