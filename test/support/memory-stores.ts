import type { Lead, LeadStatus } from '../../functions/core/lead';
import type {
  AssignmentCommit, AssignmentStore, CommitResult, IdempotencyClaim, IntakeResult, Notifier, PoolSnapshot, RepNotification,
  SourceDirectory,
} from '../../functions/core/ports';
import type { Source } from '../../functions/core/source';

/**
 * An AssignmentStore in memory with the same conditions as the DynamoDB one (rotation
 * sequence and config version; leads still assignable), for testing the assigner's logic.
 */
export class MemoryAssignmentStore implements AssignmentStore {
  readonly commits: AssignmentCommit[] = [];
  loads = 0;
  /** Results to return instead of evaluating, one per commit, first in first out. */
  readonly scripted: CommitResult[] = [];
  readonly leads = new Map<string, { status: LeadStatus; repId?: string }>();

  constructor(public snapshot: PoolSnapshot | undefined) {}

  async loadPool(poolId: string) {
    this.loads++;
    return this.snapshot?.pool.id === poolId ? structuredClone(this.snapshot) : undefined;
  }

  async commit(commit: AssignmentCommit): Promise<CommitResult> {
    this.commits.push(structuredClone(commit));
    const scripted = this.scripted.shift();
    if (scripted) return scripted;
    if (commit.expected && this.snapshot) {
      const { rotation, configVersion } = this.snapshot;
      if (rotation.seq !== commit.expected.seq || configVersion !== commit.expected.configVersion) return { status: 'stale' };
    }
    const settled = commit.leads.filter((l) => {
      const status = this.leads.get(l.leadId)?.status ?? 'received';
      return status !== 'received' && status !== 'unassigned';
    });
    if (settled.length) {
      return { status: 'leads_settled', leads: settled.map((l) => ({ leadId: l.leadId, ...this.leads.get(l.leadId)! })) };
    }
    if (this.snapshot && commit.expected) this.snapshot.rotation = structuredClone(commit.rotation);
    for (const lead of commit.leads) {
      this.leads.set(lead.leadId, { status: lead.status, ...(lead.repId ? { repId: lead.repId } : {}) });
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
    for (const claim of claims) this.claims.set(`${lead.sourceId}#${claim.kind}#${claim.value}`, { leadId: lead.id, expiresAt: claim.expiresAt });
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
