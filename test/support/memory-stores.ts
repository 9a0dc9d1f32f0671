import type {
  AssignmentCommit,
  AssignmentStore,
  CommitResult,
  PoolSnapshot,
  SettledLead,
} from '../../functions/core/assignment/ports';
import type { Lead, LeadStatus } from '../../functions/core/leads/lead';
import type { Notifier, RepNotification } from '../../functions/core/notices/ports';
import type { IdempotencyClaim, IntakeResult, SourceDirectory } from '../../functions/core/sources/ports';
import type { Source } from '../../functions/core/sources/source';
import type { Rep, RepLoad } from '../../functions/core/team/rep';

/**
 * An AssignmentStore in memory with the same conditions as the DynamoDB one (rotation
 * sequence and config version of the pool and of fallback origins; rep caps; leads still
 * assignable), for testing the assigner's logic. DynamoDB semantics are tested separately.
 */
export class MemoryAssignmentStore implements AssignmentStore {
  readonly commits: AssignmentCommit[] = [];
  loads = 0;
  /** The rep ids of each fresh read of load counters, in order. */
  readonly loadReads: string[][] = [];
  /** Results to return instead of evaluating, one per commit, first in first out. */
  readonly scripted: CommitResult[] = [];
  readonly leads = new Map<string, Omit<SettledLead, 'leadId'> & { status: LeadStatus }>();
  readonly pools = new Map<string, PoolSnapshot>();
  readonly repLoads = new Map<string, RepLoad>();
  /** Reps in no pool here (named accounts' owners). */
  readonly reps = new Map<string, Rep>();

  constructor(...snapshots: (PoolSnapshot | undefined)[]) {
    for (const snapshot of snapshots) if (snapshot) this.pools.set(snapshot.pool.id, structuredClone(snapshot));
  }

  /** The first pool given, for tests with one pool. */
  get snapshot(): PoolSnapshot | undefined {
    return this.pools.values().next().value;
  }

  /** Reads the whole pool every time (the DynamoDB store's shortcut for a known pool is tested against DynamoDB Local). */
  async loadPool(poolId: string, _known?: PoolSnapshot) {
    this.loads++;
    const pool = this.pools.get(poolId);
    if (!pool) return undefined;
    const loads = new Map(
      pool.pool.members.flatMap((m) =>
        this.repLoads.has(m.repId) ? [[m.repId, this.repLoads.get(m.repId)!] as const] : [],
      ),
    );
    return structuredClone({ ...pool, loads });
  }

  async loadRepLoads(repIds: readonly string[]) {
    this.loadReads.push([...repIds]);
    return new Map(
      repIds.flatMap((id) => (this.repLoads.has(id) ? [[id, structuredClone(this.repLoads.get(id)!)] as const] : [])),
    );
  }

  async loadReps(repIds: readonly string[]) {
    const known = new Map([...this.reps, ...[...this.pools.values()].flatMap((p) => [...p.reps])]);
    const reps = new Map(
      repIds.flatMap((id) => (known.has(id) ? [[id, structuredClone(known.get(id)!)] as const] : [])),
    );
    return { reps, loads: await this.loadRepLoads(repIds) };
  }

  async commit(commit: AssignmentCommit): Promise<CommitResult> {
    this.commits.push(structuredClone(commit));
    const scripted = this.scripted.shift();
    if (scripted) return scripted;
    const settled = commit.leads.filter((l) => {
      const current = this.leads.get(l.leadId) ?? { status: 'received' as const };
      if (l.from?.status === 'offered') return current.status !== 'offered' || current.offer?.round !== l.from.round;
      if (l.from?.status === 'held') return current.status !== 'held';
      if (l.from?.status === 'assigned' || l.from?.status === 'accepted') {
        return (
          current.status !== l.from.status ||
          current.repId !== l.from.repId ||
          (current.slaReassignments ?? 0) !== l.from.reassignments
        );
      }
      return current.status !== 'received' && current.status !== 'unassigned';
    });
    if (settled.length) {
      return {
        status: 'leads_settled',
        leads: settled.map((l) => ({ leadId: l.leadId, ...this.leads.get(l.leadId)! })),
      };
    }
    const changed = (e: { poolId: string; seq: number; configVersion: number }) => {
      const pool = this.pools.get(e.poolId);
      return !pool || pool.rotation.seq !== e.seq || pool.configVersion !== e.configVersion;
    };
    const staleChecks = commit.checks.filter(changed).map((c) => c.poolId);
    if (staleChecks.length) return { status: 'stale', poolIds: staleChecks };
    if (commit.expected && changed(commit.expected)) return { status: 'stale', poolIds: [] };
    for (const change of commit.loads) {
      const stored = this.repLoads.get(change.repId) ?? { open: 0, dayCount: 0 };
      const sameDay = stored.day === change.day;
      if (change.rollover === sameDay) return { status: 'stale', poolIds: [] };
      if (change.maxOpen !== undefined && stored.open + change.open > change.maxOpen)
        return { status: 'stale', poolIds: [] };
      if (change.maxPerDay !== undefined && (sameDay ? stored.dayCount : 0) + change.dayCount > change.maxPerDay)
        return { status: 'stale', poolIds: [] };
    }
    if (commit.expected) this.pools.get(commit.poolId)!.rotation = structuredClone(commit.rotation);
    for (const change of commit.loads) {
      const stored = this.repLoads.get(change.repId) ?? { open: 0, dayCount: 0 };
      this.repLoads.set(change.repId, {
        open: stored.open + change.open,
        day: change.day,
        dayCount: (change.rollover ? 0 : stored.dayCount) + change.dayCount,
      });
    }
    for (const lead of commit.leads) {
      this.leads.set(lead.leadId, {
        status: lead.status,
        ...(lead.repId ? { repId: lead.repId } : {}),
        ...(lead.poolId ? { poolId: lead.poolId } : {}),
        ...(lead.offer ? { offer: lead.offer } : {}),
        ...(lead.slaReassignments !== undefined ? { slaReassignments: lead.slaReassignments } : {}),
        ...(lead.status === 'assigned' ? { assignedAt: commit.at } : {}),
      });
      for (const repId of lead.releases ?? []) {
        const stored = this.repLoads.get(repId) ?? { open: 0, dayCount: 0 };
        this.repLoads.set(repId, { ...stored, open: stored.open - 1 });
      }
    }
    return { status: 'committed' };
  }
}

export class MemorySources implements SourceDirectory {
  constructor(private readonly sources: Source[]) {}
  async findByKey(key: string) {
    return this.sources.find((s) => s.key === key);
  }
  async get(id: string) {
    return this.sources.find((s) => s.id === id);
  }
}

export class RecordingNotifier implements Notifier {
  readonly sent: RepNotification[] = [];
  failNext = 0;
  async notify(notification: RepNotification) {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('SNS is down');
    }
    this.sent.push(notification);
  }
  async notifyMany(notifications: readonly RepNotification[]) {
    for (const notification of notifications) await this.notify(notification);
  }
}

export function aSource(id: string, poolId: string, key = `key-${id}`): Source {
  return {
    id,
    name: `Source ${id}`,
    kind: 'form',
    key,
    poolId,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    version: 1,
  };
}

/**
 * A LeadIntake and lead reader in memory with the DynamoDB one's claim semantics: a claim
 * held by an unexpired earlier lead refuses the new one and names the earlier lead.
 */
export class MemoryLeadIntake {
  readonly leads = new Map<string, Lead>();
  readonly claims = new Map<string, { leadId: string; expiresAt: number }>();

  async store(lead: Lead, claims: readonly IdempotencyClaim[]): Promise<IntakeResult> {
    const now = Date.parse(lead.createdAt) / 1000;
    for (const claim of claims) {
      const held = this.claims.get(`${lead.sourceId}#${claim.kind}#${claim.value}`);
      if (held && held.expiresAt >= now) return { stored: false, claim, leadId: held.leadId };
    }
    for (const claim of claims)
      this.claims.set(`${lead.sourceId}#${claim.kind}#${claim.value}`, { leadId: lead.id, expiresAt: claim.expiresAt });
    this.leads.set(lead.id, structuredClone(lead));
    return { stored: true };
  }

  async get(id: string) {
    return this.leads.get(id);
  }
}

/** A queue that records what it was given and can be told to fail. */
export class RecordingQueue<T> {
  readonly sent: T[] = [];
  failNext = 0;
  async enqueue(message: T) {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('queue unavailable');
    }
    this.sent.push(structuredClone(message));
  }
}
