import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export interface IntakeAnswer {
  status: number;
  body: unknown;
}

/** POST /v1/articles exactly as a CMS does: the raw body, signed with Standard Webhooks. */
export async function publishSigned(baseUrl: string, secret: string, body: string): Promise<IntakeAnswer> {
  const id = `msg_${randomUUID()}`;
  const at = new Date();
  const response = await fetch(`${baseUrl}/v1/articles`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, at, body),
    },
    body,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // An answer that is not JSON is shown as it came.
  }
  return { status: response.status, body: parsed };
}
