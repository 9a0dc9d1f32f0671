/** A message to one rep: an assignment, a shotgun offer, or a reminder that a queue has leads. */
export interface RepNotification {
  repId: string;
  leadId: string;
  kind: NotificationKind;
  subject: string;
  /** The full notice: email, and anything else that is not SMS. */
  text: string;
  /** The same notice cut to one SMS part where it can be. */
  sms: string;
  link?: string;
}

export const NOTIFICATION_KINDS = ['assigned', 'offer', 'queue'] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Delivers notifications to reps (SNS in AWS, the outbox locally). */
export interface Notifier {
  notify(notification: RepNotification): Promise<void>;
  /** Several at once (a shotgun offer goes to every eligible rep). */
  notifyMany(notifications: readonly RepNotification[]): Promise<void>;
}

/**
 * Keeps a rep's notification subscriptions (email, SMS) in line with their rep record:
 * subscribes new endpoints with a filter on the rep's id, removes old ones.
 */
export interface RepChannels {
  sync(repId: string): Promise<void>;
}
