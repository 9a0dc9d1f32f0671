import type { Decision, LeadMessage } from '../leads/lead';
import type { Constraints } from '../methods/choose-rep';
import type { RouteResult } from '../routing/route-lead';
import type { LeadExpectation, RotationExpectation } from './ports';

/** How to decide one lead; a new lead needs none of it. */
export interface AssignOptions {
  /** The message was delivered before (a notice may not have gone out). */
  redelivered?: boolean;
  /** Decide again a lead already past routing, which must still be in this state. */
  from?: LeadExpectation;
  /** Start in this pool instead of the source's. */
  poolId?: string;
  constraints?: Constraints;
  /** The shotgun round a new offer opens. */
  round?: number;
  /** Hold the lead for an admin with this reason instead of deciding (an unclaimed offer's pool holds). */
  hold?: string;
  /** Nobody more in this pool (an SLA exhausted): on to the pool's fallback pool, else held with this reason. */
  exhausted?: string;
  /** When nobody here can take it and the pool has no fallback pool, hold it with this reason (a last tier's offer). */
  holdIfNobody?: string;
  /** Steps recorded before this decision (a rep's pass). */
  preface?: Decision[];
  /** An admin's move: the SLA count stays where it is. */
  keepSlaCount?: boolean;
  /** Why the lead is decided again, recorded on the decision (`offer_expired`, `sla_missed`, `passed`, `rep_leaving`). */
  reason?: string;
  /** Who asked for the decision, when not the assigner itself (an admin sending a leaving rep's leads on). */
  actor?: 'admin' | 'rep';
}

export type AssignOutcome =
  | { leadId: string; status: 'assigned'; repId: string; poolId: string; seq: number }
  | { leadId: string; status: 'offered'; repIds: string[]; poolId: string; round: number }
  /** Waiting in a pull pool's queue for a rep to take it. */
  | { leadId: string; status: 'queued'; poolId: string }
  | { leadId: string; status: 'unassigned'; reason: string; poolId?: string }
  /** Held for an admin (`reason` says why); the sweep leaves it alone. */
  | { leadId: string; status: 'held'; reason: string; poolId?: string }
  /** The lead had already been settled: a redelivered message, nothing was written. */
  | { leadId: string; status: 'duplicate' };

/** A pool the lead fell back from, with the decision and the rotation it was made on. */
export interface FallbackStep {
  expectation: RotationExpectation;
  decision: Decision;
}

/** Leads whose source no longer exists are settled as unassigned under this pseudo pool. */
export const UNROUTABLE = '';

/** One lead waiting for a decision in a pool, and whoever awaits its outcome. */
export interface PendingLead {
  /** Arrival order: leads are decided in the order `assign` was called, whatever routing took. */
  ticket: number;
  message: LeadMessage;
  options: AssignOptions;
  /** Where routing sent the lead and why (rule name, or the reason it goes nowhere). */
  route: RouteResult;
  /** The pool routing chose, where a reset fallback chain starts again. */
  origin: string;
  /** The pools it fell back from so far, in order. */
  via: FallbackStep[];
  resolve: (outcome: AssignOutcome) => void;
  reject: (error: unknown) => void;
}
