/** Alert types are a public contract (ALERT_WEBHOOK_URL receivers route on them). */
export const ALERT_TYPES = [
  'post.needs_review',
  'post.failed',
  'post.partially_published',
  'post.retraction_needed',
  'account.credentials_failed',
] as const;

export type AlertType = (typeof ALERT_TYPES)[number];

/** The JSON body POSTed to a generic ALERT_WEBHOOK_URL. `post` and `article` are null for account alerts. */
export interface Alert {
  type: AlertType;
  post: string | null;
  article: string | null;
  platform: string;
  account: string;
  reason: string;
  /** Where an editor opens the post (or the post list, for an account alert). */
  url: string;
}
