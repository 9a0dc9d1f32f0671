// The leads table: storing, reading and listing leads, and the index keys derived from a
// lead. Over 300 lines because every listing (by status, pool, rep, time) and its cursor
// must agree with the keys the writes maintain, so they stay side by side.
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { type Lead, type LeadPage, type LeadStatus, WAITING_STATUSES } from '../../core/leads/lead';
import type { LeadQuery, LeadStore, RecentOwner } from '../../core/leads/ports';
import { lastInstantBefore } from '../../core/shared/period-schemas';
import { assertCursorKey, type Cursor, decodeCursor, encodeCursor, invalidCursor } from './lead-list-cursor';

/** How far back an unfiltered listing walks, month by month. */
const MONTHS_LISTED = 24;

/** The attributes the lead indexes are keyed on, derived from the lead. */
export function leadIndexKeys(lead: Pick<Lead, 'status' | 'createdAt'> & { fields?: Lead['fields'] }) {
  return {
    statusCreatedAt: `${lead.status}#${lead.createdAt}`,
    createdMonth: lead.createdAt.slice(0, 7),
    ...(isWaiting(lead.status) ? { waiting: lead.status } : {}),
    ...contactKeys(lead.fields),
  };
}

/**
 * A lead as stored: its item with the index keys. Custom fields go as a Map, because their
 * names are the sender's: util-dynamodb reads an object's `constructor` to tell plain objects
 * from class instances, so a field named `constructor` would not marshal as an object.
 */
export function leadItem(lead: Lead): Record<string, unknown> {
  return { ...lead, custom: fieldMap(lead.custom), ...leadIndexKeys(lead) };
}

/** Sender-named fields as a Map, which marshals to a DynamoDB map whatever its keys. */
export function fieldMap(fields: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(fields));
}

/** Whether a status keys the sparse `byWaitingStatus` index (writers set or remove `waiting`). */
export function isWaiting(status: LeadStatus): boolean {
  return WAITING_STATUSES.includes(status);
}

/** The sticky-owner index keys: the normalised email, and the phone when it is E.164. */
export function contactKeys(fields: Lead['fields'] | undefined): { emailKey?: string; phoneKey?: string } {
  return {
    ...(fields?.email ? { emailKey: fields.email } : {}),
    ...(fields?.phone?.startsWith('+') ? { phoneKey: fields.phone } : {}),
  };
}

/** Leads in DynamoDB: one item per lead, listed through the status/pool/rep/month indexes. */
export class DynamoLeadStore implements LeadStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(lead: Lead): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: leadItem(lead),
        ConditionExpression: 'attribute_not_exists(id)',
      }),
    );
  }

  async get(id: string): Promise<Lead | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: true }),
    );
    return Item ? toLead(Item) : undefined;
  }

  async list(query: LeadQuery): Promise<LeadPage> {
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const window = createdWindow(query);
    if (!query.repId && !query.poolId && !query.status) return this.listByMonth(query.limit, cursor, window);

    if (!query.repId && !query.poolId && !isWaiting(query.status!)) {
      // Dealt-with leads are not in the sparse status index: walk the months, keep that status.
      return this.listByMonth(query.limit, cursor, window, query.status);
    }
    const [indexName, keyName, keyValue] = query.repId
      ? ['byRep', 'repId', query.repId]
      : query.poolId
        ? ['byPool', 'poolId', query.poolId]
        : ['byWaitingStatus', 'waiting', query.status!];
    const sortKeyName = indexName === 'byWaitingStatus' ? 'createdAt' : 'statusCreatedAt';
    if (cursor?.key) assertCursorKey(cursor.key, { id: undefined, [keyName]: keyValue, [sortKeyName]: undefined });
    const useStatusPrefix = indexName !== 'byWaitingStatus' && query.status !== undefined;
    const filterPool = query.repId !== undefined && query.poolId !== undefined;
    // The time window is a key condition where the sort key starts with the creation time;
    // on `status#createdAt` without a status it is a filter (the index carries `createdAt`).
    const sortRange = useStatusPrefix
      ? prefixedRange(`${query.status}#`, window)
      : indexName === 'byWaitingStatus'
        ? timeRange(window)
        : undefined;
    const timeFilter = indexName !== 'byWaitingStatus' && !useStatusPrefix ? timeRange(window) : undefined;
    const filters = [
      ...(filterPool ? ['poolId = :pool'] : []),
      ...(timeFilter ? [timeFilter.expression('createdAt')] : []),
    ];

    const keys: Record<string, unknown>[] = [];
    let startKey = cursor?.key;
    // A filter may drop items; keep paging until the page is full or the index is done.
    for (let page = 0; page < 10 && keys.length < query.limit; page++) {
      const result = await this.withCursor(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: indexName,
          KeyConditionExpression: sortRange ? `#k = :k AND ${sortRange.expression(sortKeyName)}` : '#k = :k',
          ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
          ExpressionAttributeNames: { '#k': keyName },
          ExpressionAttributeValues: {
            ':k': keyValue,
            ...(sortRange?.values ?? {}),
            ...(timeFilter?.values ?? {}),
            ...(filterPool ? { ':pool': query.poolId } : {}),
          },
          ScanIndexForward: query.oldestFirst ?? false,
          Limit: query.limit - keys.length,
          ExclusiveStartKey: startKey,
        }),
        cursor !== undefined,
      );
      keys.push(...(result.Items ?? []));
      startKey = result.LastEvaluatedKey;
      if (!startKey) break;
    }
    const leads = await this.fetch(keys.map((k) => String(k.id)));
    return { leads, ...(startKey ? { nextCursor: encodeCursor({ key: startKey }) } : {}) };
  }

  /**
   * Newest first, month by month through the keys-only `byMonth` index, from the window's
   * last month back to its first. With `status`, the items are read and only that status
   * kept: bounded to a few hundred reads per call, the cursor carries on from where it stopped.
   */
  private async listByMonth(limit: number, cursor: Cursor | undefined, window: CreatedWindow, status?: LeadStatus) {
    const found: Lead[] = [];
    const thisMonth = new Date().toISOString().slice(0, 7);
    const lastMonth = window.last && window.last.slice(0, 7) < thisMonth ? window.last.slice(0, 7) : thisMonth;
    const firstMonth = window.from?.slice(0, 7);
    const range = timeRange(window);
    let month = cursor?.month ?? lastMonth;
    let startKey = cursor?.key;
    let read = 0;
    const readLimit = status ? Math.max(limit, 500) : limit;
    if (startKey) assertCursorKey(startKey, { id: undefined, createdMonth: month, createdAt: undefined });
    const monthsLeft = () => !firstMonth || month >= firstMonth;
    for (let walked = 0; walked < MONTHS_LISTED && monthsLeft() && found.length < limit && read < readLimit; ) {
      const result = await this.withCursor(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'byMonth',
          KeyConditionExpression: range
            ? `createdMonth = :m AND ${range.expression('createdAt')}`
            : 'createdMonth = :m',
          ExpressionAttributeValues: { ':m': month, ...(range?.values ?? {}) },
          ScanIndexForward: false,
          Limit: status ? 100 : limit - found.length,
          ExclusiveStartKey: startKey,
        }),
        cursor !== undefined,
      );
      const keys = result.Items ?? [];
      read += keys.length;
      const leads = await this.fetch(keys.map((k) => String(k.id)));
      for (const lead of leads) {
        if (status && lead.status !== status) continue;
        if (found.length < limit) found.push(lead);
      }
      startKey = result.LastEvaluatedKey;
      if (!startKey) {
        month = previousMonth(month);
        walked++;
      }
      // A page cut short by the limit cannot resume mid-page: stop at a page boundary.
      if (found.length >= limit) break;
    }
    const more = (found.length >= limit || read >= readLimit) && monthsLeft();
    return {
      leads: found,
      ...(more ? { nextCursor: encodeCursor({ month, ...(startKey ? { key: startKey } : {}) }) } : {}),
    };
  }

  /**
   * Runs a listing query. A cursor that passed the shape checks may still be one DynamoDB
   * refuses (a sort key outside the query's range): that is the caller's bad cursor, a 400.
   */
  private async withCursor(command: QueryCommand, fromCursor: boolean) {
    try {
      return await this.client.send(command);
    } catch (error) {
      if (fromCursor && (error as Error).name === 'ValidationException') throw invalidCursor();
      throw error;
    }
  }

  /**
   * The newest owned lead (other than `excludeLeadId`) received since `since` with this
   * email or phone: two index queries, then the candidates' owners.
   */
  async findRecentOwner(
    contact: { email?: string; phone?: string },
    since: string,
    excludeLeadId: string,
  ): Promise<RecentOwner | undefined> {
    const keys = contactKeys(contact);
    const lookups = [
      ...(keys.emailKey ? [['byEmail', 'emailKey', keys.emailKey, 'email'] as const] : []),
      ...(keys.phoneKey ? [['byPhone', 'phoneKey', keys.phoneKey, 'phone'] as const] : []),
    ];
    const hits: { id: string; createdAt: string; matchedOn: 'email' | 'phone' }[] = [];
    for (const [indexName, keyName, value, matchedOn] of lookups) {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: indexName,
          KeyConditionExpression: '#k = :v AND createdAt >= :since',
          ExpressionAttributeNames: { '#k': keyName },
          ExpressionAttributeValues: { ':v': value, ':since': since },
          ScanIndexForward: false,
          Limit: 10,
        }),
      );
      for (const item of result.Items ?? []) {
        if (item.id !== excludeLeadId) hits.push({ id: String(item.id), createdAt: String(item.createdAt), matchedOn });
      }
    }
    if (hits.length === 0) return undefined;
    hits.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const leads = new Map((await this.fetch([...new Set(hits.map((h) => h.id))])).map((l) => [l.id, l]));
    for (const hit of hits) {
      const lead = leads.get(hit.id);
      if (lead?.repId) return { leadId: lead.id, repId: lead.repId, matchedOn: hit.matchedOn };
    }
    return undefined;
  }

  /** Full items for ids, in the given order. */
  private async fetch(ids: string[]): Promise<Lead[]> {
    const found = new Map<string, Lead>();
    for (let i = 0; i < ids.length; i += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
        [this.tableName]: { Keys: ids.slice(i, i + 100).map((id) => ({ id })) },
      };
      for (let round = 0; request && round < 5; round++) {
        const result: BatchGetCommandOutput = await this.client.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of result.Responses?.[this.tableName] ?? []) found.set(String(item.id), toLead(item));
        const unprocessed: Record<string, unknown>[] | undefined = result.UnprocessedKeys?.[this.tableName]?.Keys;
        request = unprocessed?.length ? { [this.tableName]: { Keys: unprocessed } } : undefined;
      }
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  }
}

/** A listing's creation-time window, both ends inclusive (`last` is the instant before `to`). */
interface CreatedWindow {
  from?: string;
  last?: string;
}

function createdWindow(query: LeadQuery): CreatedWindow {
  return {
    ...(query.createdFrom ? { from: query.createdFrom } : {}),
    ...(query.createdBefore ? { last: lastInstantBefore(query.createdBefore) } : {}),
  };
}

/** A condition on one attribute for a window (`undefined` when the window is open both ways). */
function timeRange(window: CreatedWindow) {
  return prefixedRange('', window);
}

function prefixedRange(prefix: string, window: CreatedWindow) {
  const { from, last } = window;
  if (!prefix && !from && !last) return undefined;
  // `~` sorts after every digit, so `status#~` closes a status's range.
  const low = `${prefix}${from ?? ''}`;
  const high = `${prefix}${last ?? '~'}`;
  const values = { ':from': low, ':last': high };
  if (prefix || (from && last)) return { expression: (name: string) => `${name} BETWEEN :from AND :last`, values };
  return from
    ? { expression: (name: string) => `${name} >= :from`, values: { ':from': low } }
    : { expression: (name: string) => `${name} <= :last`, values: { ':last': high } };
}

function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

/** Strips index-only attributes from a stored item. */
export function toLead(item: Record<string, unknown>): Lead {
  const {
    statusCreatedAt: _s,
    createdMonth: _m,
    queuePoolId: _q,
    queueRank: _r,
    waiting: _w,
    emailKey: _e,
    phoneKey: _p,
    outcomeStages: _o,
    ...lead
  } = item;
  return { decisions: [], custom: {}, ...lead } as unknown as Lead;
}
