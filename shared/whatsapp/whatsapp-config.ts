// The WhatsApp channel's names and limits: the secrets it reads (Secrets Manager on AWS through the
// `secrets` port, env locally with SPEC §6's defaults), its inbound queue and its time limits.

/** Secret names as the declarations grant them (`grants.secrets`) and the `secrets` port reads them. */
export const WHATSAPP_SECRETS = {
  /** Signs Meta's webhook calls (X-Hub-Signature-256). */
  appSecret: 'whatsapp-app-secret',
  /** What Meta echoes in the verification handshake (`hub.verify_token`). */
  verifyToken: 'whatsapp-verify-token',
} as const;

/** SPEC §6: the local runtime's values unless the environment says otherwise. */
export const LOCAL_SECRET_DEFAULTS: Readonly<Record<string, string>> = {
  [WHATSAPP_SECRETS.appSecret]: 'dev-app-secret',
  [WHATSAPP_SECRETS.verifyToken]: 'dev-verify-token',
};

/** The queue the webhook fills and the inbound worker drains (shared/system/queues.ts). */
export const INBOUND_QUEUE = 'whatsapp-inbound';

/** Idempotency of inbound messages by `wamid`: Meta redelivers for days, so a week is kept. */
export const MESSAGE_SCOPE = 'whatsapp-message';
export const MESSAGE_TTL_SECONDS = 7 * 24 * 3600;

/**
 * A delivery's lease on its work (runOnce) outlives the function holding it: its timeout (in
 * shared/system) plus this margin. Until then a redelivery is told to come back; after it, a
 * delivery that died mid-work no longer holds the work up.
 */
const LEASE_MARGIN_SECONDS = 15;
export const leaseSecondsFor = (timeoutSeconds: number): number => timeoutSeconds + LEASE_MARGIN_SECONDS;

/**
 * A status callback for a message id not recorded yet (Meta can call before the outbound worker
 * wrote the mapping) is delivered again while it is this recent; older unknown ones are ignored.
 */
export const STATUS_WAIT_MINUTES = 10;

/** A skill waiting for an answer gives up after this long without one. */
export const WAIT_IDLE_MINUTES = 30;

/** Two-way chat: an agent reply younger than this turns the customer's free text into a reply. */
export const CHAT_WINDOW_HOURS = 24;

/** `support.list_my_tickets` answers this many tickets. */
export const LIST_LIMIT = 5;

/** The phone number id the local dev sender uses unless told otherwise (the seed gives it to acme). */
export const DEV_PHONE_NUMBER_ID = '100000001';
