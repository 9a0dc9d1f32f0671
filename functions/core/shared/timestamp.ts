import * as z from 'zod/mini';

// Its own module, not validation.ts: that one loads zod's English messages, which the
// ingest and assigner bundles, that only type their data with this, do not need.
/** An instant as this API writes them: UTC, ISO 8601 (`Date.prototype.toISOString`). */
export const timestamp = z.iso.datetime();
