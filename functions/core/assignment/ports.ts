import type { Decision, LeadMessage, LeadOffer, LeadStatus } from '../leads/lead';
import type { RotationState } from '../methods/rotation';
import type { PerformanceWeight } from '../stats/performance-weights';
import type { Pool } from '../team/pool';
import type { Rep, RepLoad, RepLoadChange } from '../team/rep';
/**
 * The ingest queue, as far as leads go: each message asks the assigner to route one lead
 * (a new one, a held one sent round again, a released one).
 */
export interface RoutingQueue {
  enqueue(message: LeadMessage): Promise<void>;
}

/** Something to do about a lead later: an offer's window ends, an owner's accept deadline passes. */
export type LeadTimer =
  | { type: 'offer_expired'; leadId: string; round: number; dueAt: string }
  | {
      type: 'accept_deadline';
      leadId: string;
      repId: string;
      reassignments: number;
      dueAt: string;
      /** The `assignedAt` of the assignment it belongs to: a later assignment has its own deadline. */
      assignedAt: string;
    };

/** Fires lead timers at their due time (delayed SQS messages in AWS, in process locally). */
export interface Timers {
  schedule(timer: LeadTimer): Promise<void>;
}

/** A pool with everything one assignment needs, read consistently. */
export interface PoolSnapshot {
  pool: Pool;
  reps: ReadonlyMap<string, Rep>;
  /** Open and per-day counts of the pool's reps. */
  loads: ReadonlyMap<string, RepLoad>;
  rotation: RotationState;
  /** Bumped by every admin change to the pool or its reps; commits are conditioned on it. */
  configVersion: number;
  /** `performance` pools: the weights in force, from the assigner's weight cache. */
  performance?: ReadonlyMap<string, PerformanceWeight>;
}

/** A pool's rotation as a decision saw it; the commit is conditioned on it being unchanged. */
export interface RotationExpectation {
  poolId: string;
  seq: number;
  configVersion: number;
}

/** The state a lead past routing must still be in for a new decision on it to count. */
export type LeadExpectation =
  | { status: 'offered'; round: number /** The pool the offer was made in. */; poolId?: string }
  | OwnedExpectation
  /** Held for an admin, sent round again after a change. */
  | { status: 'held' };

/** A lead a rep owns, taken from them (an SLA move, a pass, a rep leaving). */
export interface OwnedExpectation {
  status: 'assigned' | 'accepted';
  repId: string;
  reassignments: number;
}

/** Whether an expectation is of a lead a rep owns. */
export function isOwned(from: LeadExpectation | undefined): from is OwnedExpectation {
  return from?.status === 'assigned' || from?.status === 'accepted';
}

/**
 * Something a person asked for that moves a lead on, done by the assigner like a timer:
 * a rep passes the lead (from their notice), or an admin sends a leaving rep's lead back
 * through its pool.
 */
export type LeadRequest =
  | { type: 'pass'; leadId: string; repId: string; assignedAt: string; note?: string }
  | { type: 'reassign'; leadId: string; repId: string; reason: 'rep_leaving' };

/** Hands lead requests to the assigner (its queue in AWS, in process locally). */
export interface LeadRequests {
  request(request: LeadRequest): Promise<void>;
}

export interface LeadSettlement {
  leadId: string;
  /** When the lead was received (it keys the lead's status indexes). */
  createdAt: string;
  status: 'assigned' | 'unassigned' | 'held' | 'offered' | 'queued';
  /** Conditions the write on this state instead of "not routed yet". */
  from?: LeadExpectation;
  /** A new shotgun offer. */
  offer?: LeadOffer;
  /** Queued: the lead's place in score order (`scoreRank`), kept while it waits. */
  queueRank?: string;
  /** Owners who lose the lead (an SLA move, a pass, a rep leaving): their open count drops. */
  releases?: string[];
  slaReassignments?: number;
  /** The pool the lead ends in (after any fallbacks). */
  poolId?: string;
  repId?: string;
  /** This batch's decisions for the lead, in order (fallbacks first). */
  decisions: Decision[];
}

/** The decisions for some leads of one pool, to be written in one transaction. */
export interface AssignmentCommit {
  poolId: string;
  /** The snapshot the decisions were made on; undefined when the pool does not exist. */
  expected?: RotationExpectation;
  /** Pools the leads fell back from: their rotations must be as the decisions saw them. */
  checks: RotationExpectation[];
  rotation: RotationState;
  leads: LeadSettlement[];
  loads: RepLoadChange[];
  at: string;
}

export type CommitResult =
  | { status: 'committed' }
  /**
   * A rotation, configuration or rep load changed since the snapshot: reload and retry.
   * `poolIds` names fallback-origin pools whose check failed (empty: the batch's own pool).
   */
  | { status: 'stale'; poolIds: string[] }
  /** Another transaction touched the same items at the same moment: retry. */
  | { status: 'contended' }
  /** These leads were already past assignment (a redelivery): drop them and retry the rest. */
  | { status: 'leads_settled'; leads: SettledLead[] };

/** What a lead looked like when a write found it already settled. */
export interface SettledLead {
  leadId: string;
  status?: LeadStatus;
  repId?: string;
  poolId?: string;
  offer?: LeadOffer;
  slaReassignments?: number;
  assignedAt?: string;
}

/** Reads pools for assignment and commits assignments atomically. */
export interface AssignmentStore {
  /**
   * Reads a pool for assignment. Given the snapshot a caller knows (`known`), an unchanged pool
   * (same config version) costs only its rotation and loads: the pool and reps are kept.
   */
  loadPool(poolId: string, known?: PoolSnapshot): Promise<PoolSnapshot | undefined>;
  /** Fresh load counters for some reps (least-loaded pools, and reps a cached snapshot shows at a cap). */
  loadRepLoads(repIds: readonly string[]): Promise<Map<string, RepLoad>>;
  /** Reps outside a pool and their loads, read fresh (named accounts' owners). */
  loadReps(repIds: readonly string[]): Promise<{ reps: Map<string, Rep>; loads: Map<string, RepLoad> }>;
  commit(commit: AssignmentCommit): Promise<CommitResult>;
}

/**
 * After a change to some pools or their reps: their waiting leads, `unassigned` and `held`
 * alike, go back on the queue to be routed again.
 */
export type HeldLeadRequeuer = (poolIds: readonly string[]) => Promise<number>;
