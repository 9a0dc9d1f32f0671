import type { AuditEntry } from '../audit/audit-entry';
import type { RepLoadChange } from '../team/rep';
import type { Decision, Lead, LeadFailure, LeadPage, LeadStatus } from './lead';
/** Where leads are kept. */
export interface LeadStore {
  /** Stores a new lead; fails if the id exists. */
  create(lead: Lead): Promise<void>;
  get(id: string): Promise<Lead | undefined>;
  list(query: LeadQuery): Promise<LeadPage>;
}

export interface LeadQuery {
  status?: LeadStatus;
  poolId?: string;
  repId?: string;
  limit: number;
  cursor?: string;
  /** Oldest first instead of newest first (sweeps serve the longest-waiting leads first). */
  oldestFirst?: boolean;
  /** Only leads created at or after this instant. */
  createdFrom?: string;
  /** Only leads created before this instant. */
  createdBefore?: string;
}

/** A recent lead with the same contact, and who owns it. */
export interface RecentOwner {
  leadId: string;
  repId: string;
  matchedOn: 'email' | 'phone';
}

/** Finds the owner of a recent lead with the same email or phone (through an index). */
export interface StickyOwners {
  findRecentOwner(
    contact: { email?: string; phone?: string },
    since: string,
    excludeLeadId: string,
  ): Promise<RecentOwner | undefined>;
}

/** One conditional move of one lead (manual assignment, release, close), with its audit. */
export interface LeadTransition {
  leadId: string;
  createdAt: string;
  /** The lead must be in one of these states ... */
  from: readonly LeadStatus[];
  /** ... and owned by this rep (`null`: by nobody) ... */
  owner: string | null;
  /** ... and, when set, be in this pool (a take from, or a release to, a pull pool's queue). */
  inPool?: string;
  to: {
    status: LeadStatus;
    repId: string | null;
    poolId?: string;
    /** Back in a queue: the lead's place in score order (`scoreRank`). */
    queueRank?: string;
    assignedAt?: string;
    acceptedAt?: string;
    responseSeconds?: number;
    speedToLeadSeconds?: number;
  };
  /** A claim: the lead's offer must be this round, include this rep and still be open at `openAt`. */
  offer?: { round: number; repId: string; openAt: string };
  decision: Decision;
  /** The new owner's counters, under its caps (omitted when forced past them). */
  load?: RepLoadChange;
  /** Reps whose open count drops by one (the previous owner). */
  releases: string[];
  at: string;
  /** An admin's action: its audit entry, written in the same transaction. */
  audit?: AuditEntry;
}

/**
 * `contended`: another transaction touched the lead or the rep's counters at that very
 * moment, so nothing is known about the conditions; trying again may succeed.
 */
export type TransitionResult = 'applied' | 'lead_changed' | 'rep_at_cap' | 'contended';

/** Applies lead transitions atomically. */
export interface LeadTransitions {
  apply(transition: LeadTransition): Promise<TransitionResult>;
}

/** The writes that keep leads routing could not settle visible and recoverable. */
export interface LeadRecovery {
  /** Marks a lead `failed` if it is still in `failure.from`; false otherwise. */
  markFailed(lead: Pick<Lead, 'id' | 'createdAt'>, failure: LeadFailure, decision: Decision): Promise<boolean>;
  /**
   * Counts one more requeue of a `received` lead by the sweeper, unless it was requeued after
   * `notSince` (another sweep got there first); false then, or when it moved on.
   */
  noteRequeued(leadId: string, at: string, notSince: string): Promise<boolean>;
  /** Puts a `failed` lead back in the status it failed from, the failure cleared; false when it is not failed. */
  reopenFailed(lead: Pick<Lead, 'id' | 'createdAt' | 'failure'>, decision: Decision, at: string): Promise<boolean>;
}

/** One change of one lead, as the leads table's change stream reports it: no `old` for a new lead, no `new` for a deleted one. */
export interface LeadChange {
  old?: Lead;
  new?: Lead;
}

/** Reacts to a batch of lead changes, in order; a rejection has the batch delivered again. */
export type LeadChangeConsumer = (changes: readonly LeadChange[]) => Promise<void>;
