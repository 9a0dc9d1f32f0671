import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/**
 * Handles every record of an SQS batch at once and reports the ones that failed (the event
 * source's partial batch response), so only those come back from the queue.
 */
export async function handleRecords(
  event: SQSEvent,
  handleRecord: (record: SQSRecord) => Promise<unknown>,
): Promise<SQSBatchResponse> {
  const results = await Promise.allSettled(event.Records.map((record) => handleRecord(record)));
  return {
    batchItemFailures: event.Records.flatMap((record, i) =>
      results[i]!.status === 'rejected' ? [{ itemIdentifier: record.messageId }] : [],
    ),
  };
}
