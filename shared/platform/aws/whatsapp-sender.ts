// WhatsAppSender on Meta's Graph API (Cloud API): POST /{version}/{phone-number-id}/messages.
// Failures throw a GraphApiError telling whether a retry may help, so the outbound queue worker
// can retry the message or let it go to the dead-letter queue.
import type { WhatsAppMessage, WhatsAppSender } from '../ports.ts';

export type GraphWhatsAppSenderConfig = {
  accessToken: string;
  /** Default 'v21.0'. */
  apiVersion?: string;
  /** Default 'https://graph.facebook.com'. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Per request. Default 10 000 ms. */
  timeoutMs?: number;
};

/** Graph error codes that name a passing condition (rate limits, temporary outages). */
const RETRYABLE_GRAPH_CODES = new Set([1, 2, 4, 17, 32, 341, 613, 80007, 130429, 131000, 131016, 131056]);

export class GraphApiError extends Error {
  /** HTTP status; undefined when no answer came (timeout, connection failure). */
  readonly status: number | undefined;
  /** Graph's `error.code` and `error.error_subcode`, when it answered with them. */
  readonly code: number | undefined;
  readonly subcode: number | undefined;
  readonly fbtraceId: string | undefined;
  /** Whether sending again later may succeed (429, 5xx, rate-limit codes, timeouts). */
  readonly retryable: boolean;

  constructor(
    message: string,
    details: { status?: number; code?: number; subcode?: number; fbtraceId?: string; retryable: boolean },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GraphApiError';
    this.status = details.status;
    this.code = details.code;
    this.subcode = details.subcode;
    this.fbtraceId = details.fbtraceId;
    this.retryable = details.retryable;
  }
}

export const isGraphApiError = (err: unknown): err is GraphApiError => err instanceof GraphApiError;

type GraphErrorBody = {
  error?: { message?: unknown; type?: unknown; code?: unknown; error_subcode?: unknown; fbtrace_id?: unknown };
};

export function createGraphWhatsAppSender(config: GraphWhatsAppSenderConfig): WhatsAppSender {
  const {
    accessToken,
    apiVersion = 'v21.0',
    baseUrl = 'https://graph.facebook.com',
    fetch: fetchFn = globalThis.fetch,
    timeoutMs = 10_000,
  } = config;
  const root = baseUrl.replace(/\/+$/, '');

  return {
    async send(phoneNumberId: string, message: WhatsAppMessage) {
      const url = `${root}/${encodeURIComponent(apiVersion)}/${encodeURIComponent(phoneNumberId)}/messages`;
      let response: Response;
      try {
        response = await fetchFn(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${accessToken}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
        const reason = timedOut ? `timed out after ${timeoutMs} ms` : `failed: ${err instanceof Error ? err.message : String(err)}`;
        throw new GraphApiError(`Graph API request ${reason}`, { retryable: true }, { cause: err });
      }

      const text = await readBody(response, timeoutMs);
      const json = parseJson(text);

      if (!response.ok) {
        const error = (json as GraphErrorBody | undefined)?.error;
        const code = typeof error?.code === 'number' ? error.code : undefined;
        const subcode = typeof error?.error_subcode === 'number' ? error.error_subcode : undefined;
        const graphMessage = typeof error?.message === 'string' ? error.message : text.slice(0, 200) || response.statusText;
        const retryable =
          response.status === 429 || response.status >= 500 || (code !== undefined && RETRYABLE_GRAPH_CODES.has(code));
        throw new GraphApiError(
          `Graph API ${response.status}${code !== undefined ? ` (code ${code}${subcode !== undefined ? `/${subcode}` : ''})` : ''}: ${graphMessage}`,
          {
            status: response.status,
            code,
            subcode,
            fbtraceId: typeof error?.fbtrace_id === 'string' ? error.fbtrace_id : undefined,
            retryable,
          },
        );
      }

      const messageId = (json as { messages?: { id?: unknown }[] } | undefined)?.messages?.[0]?.id;
      if (typeof messageId !== 'string' || messageId === '') {
        // The message may have gone out: sending again could deliver it twice.
        throw new GraphApiError(`Graph API ${response.status} answered without a message id: ${text.slice(0, 200)}`, {
          status: response.status,
          retryable: false,
        });
      }
      return { messageId };
    },
  };
}

async function readBody(response: Response, timeoutMs: number): Promise<string> {
  try {
    return await response.text();
  } catch (err) {
    // The headers came but the body did not (the timeout signal also covers the body). After a 2xx
    // the message may have gone out, so that is not worth a retry.
    throw new GraphApiError(
      `Graph API ${response.status} body could not be read (timeout ${timeoutMs} ms)`,
      { status: response.status, retryable: response.status === 429 || response.status >= 500 },
      { cause: err },
    );
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
