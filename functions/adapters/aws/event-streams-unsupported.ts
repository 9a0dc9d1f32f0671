// Stands in for @smithy/core/event-streams in Lambda bundles (an esbuild alias in
// lib/bundling.ts). The SDK's HTTP protocol loads event-stream support with a dynamic
// import, only for operations that stream events (Bedrock, Transcribe, S3 Select...).
// DynamoDB, SQS and SNS have none, so the real module (about 20 KB minified) was never run;
// if a client ever needs it, this fails loudly instead of misbehaving.

function unsupported(): never {
  throw new Error('Event streams are not bundled in leadrouter functions (see lib/bundling.ts)');
}

/** Thrown on use: no bundled client streams events. */
export const EventStreamSerde = unsupported;
/** Thrown on use: no bundled client streams events. */
export const eventStreamSerdeProvider = unsupported;
