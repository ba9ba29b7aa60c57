// The table calls each request makes (SPEC: bounded Get/Query calls, never a Scan), counted with an
// SDK middleware on the runtime's own client while the request runs over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startRuntime } from '../../../infra/local/runtime.ts';
import { productSystem } from '../../../infra/local/system.ts';
import { tokenFor } from '../../../infra/local/testing.ts';

let rt: LocalRuntime;
let token: string;
const calls: string[] = [];
beforeAll(async () => {
  // The request path alone: event handlers (routing, counters) run after the answer and have their own budgets.
  rt = await startRuntime({ port: 0, dataDir: ':memory:', system: { ...productSystem, eventRules: [] } });
  await rt.activity.idle();
  token = await tokenFor(rt, 'alice@acme.test');
  rt.db.client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
});
afterAll(async () => rt.stop());

async function count(path: string, init: RequestInit = {}): Promise<{ status: number; commands: string[] }> {
  // What earlier requests caused (routing, counters) must not count against this one.
  await rt.activity.idle();
  calls.length = 0;
  const res = await fetch(`${rt.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
  await res.arrayBuffer();
  return { status: res.status, commands: [...calls] };
}

describe('table calls per request', () => {
  it('a create takes at most five, with the requester read in one batch with the configuration’s stamp', async () => {
    const body = { subject: 'Printer offline again', description: 'Third time this week.', source: 'email', requester: { type: 'bp', bpId: 'BP-1001' } };
    const { status, commands } = await count('/api/tenants/acme/tickets', { method: 'POST', body: JSON.stringify(body) });
    expect(status).toBe(201);
    expect(commands.length, commands.join(', ')).toBeLessThanOrEqual(5);
    expect(commands).toContain('BatchGetItemCommand');
    expect(commands).not.toContain('ScanCommand');
  });

  it('a ticket with its thread is one query; a list of one tenant two; a search three', async () => {
    expect((await count('/api/tenants/acme/tickets/SD-00001')).commands).toEqual(['QueryCommand']);
    const list = await count('/api/tickets?status=open');
    expect(list.status).toBe(200);
    expect(list.commands).toEqual(['QueryCommand', 'QueryCommand']);
    const search = await count('/api/tickets?q=printer');
    expect(search.commands.length).toBeLessThanOrEqual(3);
    expect(search.commands).not.toContain('ScanCommand');
  });
});
