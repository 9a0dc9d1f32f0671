/** Sends a message body to one queue (SQS in AWS, the in-process queue locally). */
export interface MessageSender {
  /** `delayMs`: hold the message back this long (a sender may cap it; SQS holds at most 15 minutes). */
  send(body: string, delayMs?: number): Promise<void>;
}
