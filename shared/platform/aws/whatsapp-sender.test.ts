import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WhatsAppMessage } from '../ports.ts';
import { createGraphWhatsAppSender, GraphApiError } from './whatsapp-sender.ts';

// A loopback stand-in for graph.facebook.com that records what it receives.
type Recorded = { method?: string; url?: string; headers: IncomingHttpHeaders; body: string };
let received: Recorded[] = [];
let answer: (res: ServerResponse) => void = () => {};
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
});

const json = (status: number, body: unknown) => (res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const message: WhatsAppMessage = {
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to: '491701234567',
  type: 'interactive',
  interactive: {
    type: 'list',
    body: { text: 'Wie können wir helfen? 🙂' },
    action: {
      button: 'Menü',
      sections: [{ title: 'Support', rows: [{ id: 'support.create_ticket', title: 'Neues Ticket' }] }],
    },
  },
};

describe('createGraphWhatsAppSender', () => {
  it('POSTs the message as is to /{version}/{phone-number-id}/messages with the bearer token', async () => {
    answer = json(200, {
      messaging_product: 'whatsapp',
      contacts: [{ input: '491701234567', wa_id: '491701234567' }],
      messages: [{ id: 'wamid.HBgLNDkxNzAxMjM0NTY3FQIAERgSQUM=' }],
    });
    const sender = createGraphWhatsAppSender({ accessToken: 'EAAG-test-token', baseUrl });

    await expect(sender.send('106540352242922', message)).resolves.toEqual({
      messageId: 'wamid.HBgLNDkxNzAxMjM0NTY3FQIAERgSQUM=',
    });

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v21.0/106540352242922/messages');
    expect(request?.headers.authorization).toBe('Bearer EAAG-test-token');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toBe(JSON.stringify(message));
    expect(JSON.parse(request?.body ?? '')).toEqual(message);
  });

  it('uses the configured API version and a base URL with a trailing slash', async () => {
    answer = json(200, { messages: [{ id: 'wamid.2' }] });
    const sender = createGraphWhatsAppSender({ accessToken: 't', baseUrl: `${baseUrl}/`, apiVersion: 'v22.0' });

    await sender.send('42', message);

    expect(received.map((r) => r.url)).toEqual(['/v22.0/42/messages']);
  });

  it("throws Graph's error message and code on a 400, not worth a retry", async () => {
    answer = json(400, {
      error: {
        message: '(#131030) Recipient phone number not in allowed list',
        type: 'OAuthException',
        code: 131030,
        error_data: { messaging_product: 'whatsapp', details: 'Recipient phone number not in allowed list' },
        fbtrace_id: 'AbCdEf123',
      },
    });
    const sender = createGraphWhatsAppSender({ accessToken: 't', baseUrl });

    const error = await sender.send('42', message).then(
      () => expect.fail('send resolved'),
      (err: unknown) => err,
    );

    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({
      message: 'Graph API 400 (code 131030): (#131030) Recipient phone number not in allowed list',
      status: 400,
      code: 131030,
      fbtraceId: 'AbCdEf123',
      retryable: false,
    });
  });

  it('marks rate limits and server errors as worth a retry', async () => {
    const sender = createGraphWhatsAppSender({ accessToken: 't', baseUrl });

    answer = json(400, { error: { message: '(#130429) Rate limit hit', code: 130429, error_subcode: 2494055 } });
    await expect(sender.send('42', message)).rejects.toMatchObject({
      status: 400,
      code: 130429,
      subcode: 2494055,
      retryable: true,
    });

    answer = (res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end('<html>Service Unavailable</html>');
    };
    await expect(sender.send('42', message)).rejects.toMatchObject({
      message: 'Graph API 503: <html>Service Unavailable</html>',
      status: 503,
      retryable: true,
    });
  });

  it('throws when a 2xx answer carries no message id', async () => {
    answer = json(200, { messaging_product: 'whatsapp', messages: [] });
    const sender = createGraphWhatsAppSender({ accessToken: 't', baseUrl });

    await expect(sender.send('42', message)).rejects.toMatchObject({ status: 200, retryable: false });
  });

  it('gives up after the timeout', async () => {
    answer = () => {}; // never answers
    const sender = createGraphWhatsAppSender({ accessToken: 't', baseUrl, timeoutMs: 100 });

    await expect(sender.send('42', message)).rejects.toMatchObject({
      name: 'GraphApiError',
      message: 'Graph API request timed out after 100 ms',
      status: undefined,
      retryable: true,
    });
  });

  it('uses the fetch it is given', async () => {
    const calls: [string, RequestInit | undefined][] = [];
    const fakeFetch = (async (url: string | URL | Request, init?: RequestInit) => {
      calls.push([String(url), init]);
      return new Response(JSON.stringify({ messages: [{ id: 'wamid.3' }] }), { status: 200 });
    }) as typeof fetch;
    const sender = createGraphWhatsAppSender({ accessToken: 'tok', fetch: fakeFetch });

    await expect(sender.send('42', message)).resolves.toEqual({ messageId: 'wamid.3' });
    expect(calls.map(([url, init]) => [url, init?.method])).toEqual([['https://graph.facebook.com/v21.0/42/messages', 'POST']]);
  });
});
