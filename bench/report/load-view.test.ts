import { describe, expect, it } from 'vitest';
import type { LoadRun } from '../load';
import { type BenchResults, loadShortfall } from '../results';
import { loadWhy } from './load-view';

const summary = { count: 5000, min: 1, p50: 5, p95: 9, p99: 12, max: 40, mean: 6 };
const clean: LoadRun = {
  leads: 5000,
  clients: 50,
  reps: 10,
  accepted: 5000,
  failed: 0,
  notAssigned: 0,
  assignedMoreThanOnce: 0,
  notifiedMoreThanOnce: 0,
  assignedOnce: 5000,
  counts: [500, 500, 500, 500, 500, 500, 500, 500, 500, 500],
  spread: 0,
  ingestMs: summary,
  assignmentLagMs: summary,
  lastAssignmentMs: 30_000,
  sendingMs: 29_000,
};
const withLoad = (load: LoadRun) => ({ load }) as BenchResults;

describe('the load budget: all accepted, assigned once, spread ≤ 1', () => {
  it('holds when every lead is accepted, assigned and notified once, and counts differ by at most one', () => {
    expect(loadShortfall(clean)).toBe(0);
    expect(loadShortfall({ ...clean, counts: [501, 500, 500], spread: 1 })).toBe(0);
    expect(loadWhy(withLoad(clean))).toBe(false);
  });

  it('counts every lead short of it, and the spread beyond one, and says which', () => {
    const broken: LoadRun = {
      ...clean,
      accepted: 4998,
      failed: 2,
      notAssigned: 1,
      notifiedMoreThanOnce: 3,
      assignedOnce: 4994,
      counts: [503, 500, 497],
      spread: 6,
    };
    expect(loadShortfall(broken)).toBe(6 + 5);
    expect(loadWhy(withLoad(broken))).toEqual({
      leads: 5000,
      clients: 50,
      detail: '2 not accepted, 1 accepted but never assigned, 3 notified more than once',
      spread: 6,
      counts: '503, 500, 497',
    });
  });
});
