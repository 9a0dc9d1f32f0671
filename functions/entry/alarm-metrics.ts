// Metrics the stack's alarms watch: named once, for the function that publishes them and
// for lib/, which alarms on them.

/** The age of the oldest held (`unassigned`) lead in seconds, published by the sweeper every minute. */
export const OLDEST_HELD_LEAD_AGE_METRIC = 'OldestHeldLeadAgeSeconds';
