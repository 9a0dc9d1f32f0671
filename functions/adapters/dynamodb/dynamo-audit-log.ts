import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../../core/audit/audit-entry';
import type { AuditLog, AuditQuery, AuditRecorder } from '../../core/audit/ports';
import { ValidationError } from '../../core/shared/errors';
import type { TransactItem } from './rep-load-items';
import { AUDIT_PARTITION, auditKey, stripKeys } from './table-keys';

/** Items read per call at most when a filter drops most of them; the cursor carries on. */
const READ_LIMIT = 1_000;

/**
 * The put that records an audit entry, for the transaction that makes the change: the entry
 * exists if and only if the change happened. Conditioned on a new key, so it never
 * overwrites another entry.
 */
export function auditPut(configTable: string, entry: AuditEntry): TransactItem {
  return {
    Put: {
      TableName: configTable,
      Item: { ...entry, ...auditKey(entry.at, entry.id), entityKind: entry.entity.kind, entityId: entry.entity.id },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * The audit log in the config table: one partition (`pk = audit`), sorted by time (`sk =
 * <at>#<id>`), so a time range is one key condition. Admin changes are rare, far below what
 * one partition takes; an entity filter reads the range and keeps that entity's entries.
 */
export class DynamoAuditLog implements AuditLog, AuditRecorder {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly configTable: string,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.client.send(new PutCommand(auditPut(this.configTable, entry).Put!));
  }

  async list(query: AuditQuery): Promise<{ entries: AuditEntry[]; nextCursor?: string }> {
    const entries: AuditEntry[] = [];
    let startKey = query.cursor ? decodeCursor(query.cursor) : undefined;
    const filter = query.entity
      ? { expression: 'entityKind = :e OR entityId = :e', values: { ':e': query.entity } }
      : undefined;
    let read = 0;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.configTable,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
          ...(filter ? { FilterExpression: filter.expression } : {}),
          ExpressionAttributeValues: {
            ':pk': AUDIT_PARTITION,
            ':lo': query.from ?? '0',
            // `to` is exclusive: `<to>#<id>` sorts after `<to>`.
            ':hi': query.to ?? '9',
            ...(filter?.values ?? {}),
          },
          ScanIndexForward: false,
          Limit: filter ? 100 : query.limit - entries.length,
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      read += result.ScannedCount ?? 0;
      const items = result.Items ?? [];
      const room = query.limit - entries.length;
      entries.push(...items.slice(0, room).map(toEntry));
      startKey = result.LastEvaluatedKey;
      if (items.length > room) {
        // The page held more than fits: the next one starts after the last entry kept.
        const last = entries[entries.length - 1]!;
        startKey = auditKey(last.at, last.id);
      }
    } while (startKey && entries.length < query.limit && read < READ_LIMIT);
    return { entries, ...(startKey ? { nextCursor: encodeCursor(startKey) } : {}) };
  }
}

function toEntry(item: Record<string, unknown>): AuditEntry {
  const { entityKind: _k, entityId: _i, ...entry } = stripKeys(item);
  return entry as unknown as AuditEntry;
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      (parsed as Record<string, unknown>).pk === AUDIT_PARTITION &&
      typeof (parsed as Record<string, unknown>).sk === 'string'
    ) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // fall through
  }
  throw new ValidationError('The cursor is not one this API issued', [
    { path: 'cursor', code: 'invalid_cursor', message: 'invalid cursor' },
  ]);
}
