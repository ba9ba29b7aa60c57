// Administration in the browser: an admin creates a queue with members, writes a two-clause OR
// routing rule into it, moves the rule to the top with the keyboard and sees it win the preview for a
// matching ticket; an agent sees no admin surface, and inserts a canned response into a reply.
import { describe, expect, it } from 'vitest';
import { skipBrowserTests, useBrowserSuite } from './browser.ts';

describe.skipIf(skipBrowserTests)('administration', () => {
  const suite = useBrowserSuite();
  const { signedIn, tokenOf } = suite;

  /** The API as `email`, for the setup a test does not drive through the UI. */
  async function apiAs(email: string) {
    const token = await tokenOf(email);
    return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${suite.runtime.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    };
  }

  it('creates a queue with members and a two-clause OR rule that wins the preview once moved to the top', async () => {
    const stamp = Date.now().toString(36);
    const queueName = `VIP desk ${stamp}`;
    const ruleName = `VIP or urgent ${stamp}`;
    const api = await apiAs('ada@acme.test');

    // A ticket the rule should catch (urgent, tagged vip), and a catch-all rule ahead of it that also matches.
    const ticket = await api<{ number: string }>('POST', '/api/tenants/acme/tickets', {
      subject: `Board member cannot log in ${stamp}`,
      description: 'Urgent.',
      priority: 'urgent',
      source: 'phone',
      tags: ['vip'],
      requester: { type: 'manual', name: 'Vera Important' },
    });
    const blocker = await api<{ id: string }>('POST', '/api/tenants/acme/routing-rules', {
      name: `Everything to general ${stamp}`,
      enabled: true,
      match: 'any',
      clauses: [{ field: 'priority', op: 'in', value: ['low', 'medium', 'high', 'urgent'] }],
      action: { type: 'assign_to_queue', queueId: 'q-acme-general' },
      position: 0,
    });

    const admin = await signedIn('ada@acme.test');
    const a = admin.page;
    await a.goto('/');
    await a.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await a.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    await a.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Queues & routing' }).click();
    await a.getByRole('heading', { level: 1, name: 'Queues & routing' }).waitFor();
    // Ada administers two tenants: the switcher says which one is configured.
    expect(await a.getByLabel('Tenant', { exact: true }).inputValue()).toBe('acme');

    // ——— The queue, with two members.
    await a.getByRole('button', { name: 'New queue' }).click();
    await a.getByRole('textbox', { name: 'Name', exact: true }).fill(queueName);
    const add = a.getByLabel('Add a member');
    await add.selectOption({ label: 'Alice Adams (alice@acme.test)' });
    await a.getByRole('button', { name: 'Add member' }).click();
    await add.selectOption({ label: 'Max Meyer (max@acme.test)' });
    await a.getByRole('button', { name: 'Add member' }).click();
    await a.getByLabel('Role of Alice Adams').selectOption('lead');
    await a.getByLabel('Priority weight of Alice Adams').fill('80');
    await a.getByLabel('Max Meyer is on break').check();
    const createdQueue = a.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/tenants/acme/queues'));
    await a.getByRole('button', { name: 'Create queue' }).click();
    const queueBody = (await createdQueue).postDataJSON() as { name: string; members: { role: string; priorityWeight: number; onBreak: boolean }[] };
    expect(queueBody.name).toBe(queueName);
    expect(queueBody.members).toEqual([
      expect.objectContaining({ role: 'lead', priorityWeight: 80, onBreak: false }),
      expect.objectContaining({ role: 'member', priorityWeight: 50, onBreak: true }),
    ]);
    await a.getByRole('status').filter({ hasText: `Queue ${queueName} created.` }).waitFor();
    await a.getByRole('button', { name: `Edit queue ${queueName}` }).waitFor();
    const queues = await api<{ items: { id: string; name: string; members: unknown[] }[] }>('GET', '/api/tenants/acme/queues');
    const queue = queues.items.find((q) => q.name === queueName);
    expect(queue?.members).toHaveLength(2);

    // ——— The rule: priority is urgent OR tag is one of [vip] → that queue.
    await a.getByRole('button', { name: 'New rule' }).click();
    await a.getByLabel('Rule name').fill(ruleName);
    await a.getByRole('radio', { name: 'Any clause (OR)' }).check();
    await a.getByLabel('Field of clause 1').selectOption('priority');
    await a.getByLabel('Operator of clause 1').selectOption('eq');
    // Only valid values are offered.
    expect(await a.getByLabel('Value of clause 1').locator('option').allTextContents()).toEqual(['Low', 'Medium', 'High', 'Urgent']);
    await a.getByLabel('Value of clause 1').selectOption('urgent');
    await a.getByRole('button', { name: 'Add clause' }).click();
    await a.getByLabel('Field of clause 2').selectOption('tag');
    await a.getByLabel('Operator of clause 2').selectOption('in');
    await a.getByLabel('Tags of clause 2').fill('vip');
    await a.getByLabel('Tags of clause 2').press('Enter');
    await a.getByLabel('Action', { exact: true }).selectOption('assign_to_queue');
    await a.getByLabel('Target queue').selectOption({ label: queueName });
    const createdRule = a.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/tenants/acme/routing-rules'));
    await a.getByRole('button', { name: 'Create rule' }).click();
    expect((await createdRule).postDataJSON()).toEqual({
      name: ruleName,
      enabled: true,
      match: 'any',
      clauses: [
        { field: 'priority', op: 'eq', value: 'urgent' },
        { field: 'tag', op: 'in', value: ['vip'] },
      ],
      action: { type: 'assign_to_queue', queueId: queue?.id },
    });
    const rules = a.getByRole('list', { name: 'Routing rules, in order' });
    const ours = rules.getByRole('listitem').filter({ hasText: ruleName });
    await ours.waitFor();
    expect(await ours.textContent()).toContain('Priority is Urgent OR Tag is one of [vip]');
    // Appended: the catch-all is ahead of it.
    expect(await rules.getByRole('listitem').first().textContent()).toContain(`Everything to general ${stamp}`);

    // ——— Before the move, the catch-all wins the preview.
    await a.getByLabel('Ticket number').fill(ticket.number);
    await a.getByRole('button', { name: 'Test rules' }).click();
    await a.getByRole('status').filter({ hasText: `Everything to general ${stamp} wins` }).waitFor();

    // ——— Keyboard reordering: focus the rule's handle, Home moves it to the top.
    const reordered = a.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/api/tenants/acme/routing-rules/order'));
    await ours.getByRole('button', { name: new RegExp(`^Reorder ${ruleName}`) }).focus();
    await a.keyboard.press('Home');
    const response = await reordered;
    expect(response.status()).toBe(200);
    const ids = (response.request().postDataJSON() as { ids: string[] }).ids;
    expect(ids.indexOf(blocker.id)).toBe(1);
    await a.waitForFunction((name) => document.querySelector('[aria-label="Routing rules, in order"] > li')?.textContent?.includes(name), ruleName);
    const saved = await api<{ items: { id: string; name: string; position: number }[] }>('GET', '/api/tenants/acme/routing-rules');
    expect(saved.items.find((r) => r.name === ruleName)?.position).toBe(0);

    // ——— Now it wins, and the preview says why: each clause ✓ or ✗.
    await a.getByRole('button', { name: 'Test rules' }).click();
    const verdict = a.getByRole('status').filter({ hasText: `${ruleName} wins` });
    await verdict.waitFor();
    expect(await verdict.textContent()).toContain(`Assign to queue ${queueName}`);
    const winner = a.locator('tr.row-winner');
    await winner.waitFor();
    expect(await winner.textContent()).toContain(ruleName);
    expect(await winner.locator('.clause-ok').count()).toBe(2);
    expect(await winner.textContent()).toContain('Wins');

    expect(admin.errors.map((e) => e.stack ?? e.message)).toEqual([]);
  });

  it('shows agents no admin surface, and lets them insert a canned response into a reply', async () => {
    const stamp = Date.now().toString(36);
    const api = await apiAs('ada@acme.test');
    const title = `Looking into it ${stamp}`;
    const canned = await api<{ id: string }>('POST', '/api/tenants/acme/canned-responses', {
      title,
      body: 'Hello {{requester.name}}, thanks for reporting **{{ticket.number}}**. We are looking into it. — {{actor.name}}',
    });
    const ticket = await api<{ number: string }>('POST', '/api/tenants/acme/tickets', {
      subject: `Printer offline ${stamp}`,
      description: 'The printer on floor 2 is offline.',
      source: 'email',
      requester: { type: 'manual', name: 'Rita Reporter' },
    });

    const agent = await signedIn('alice@acme.test');
    const a = agent.page;
    await a.goto('/');
    await a.getByRole('heading', { level: 1, name: 'Tickets' }).waitFor();
    expect(await a.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await a.goto('/admin/queues');
    await a.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
    expect(await a.getByRole('navigation', { name: 'Administration' }).count()).toBe(0);

    await a.goto(`/tickets/acme/${ticket.number}`);
    await a.getByRole('heading', { level: 1, name: new RegExp(ticket.number) }).waitFor();
    const picker = a.getByLabel('Canned response');
    await picker.locator('option', { hasText: title }).waitFor({ state: 'attached' });
    await picker.selectOption({ label: title });
    await a.getByRole('button', { name: 'Insert', exact: true }).click();
    const message = a.getByLabel('Message', { exact: true });
    await a.waitForFunction(() => (document.querySelector('.reply-box textarea') as HTMLTextAreaElement | null)?.value.includes('looking into it'));
    const text = await message.inputValue();
    expect(text).toContain('Hello Rita Reporter');
    expect(text).toContain(ticket.number.replace('-', '\\-')); // values are escaped for markdown
    expect(text).toContain('Alice Adams');
    expect(text).not.toContain('{{');

    const sent = a.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/tickets/${ticket.number}/entries`));
    await a.getByRole('button', { name: 'Send', exact: true }).click();
    expect((await sent).postDataJSON()).toMatchObject({ kind: 'reply', cannedResponseId: canned.id });
    const entry = a.locator('.entry-reply', { hasText: 'We are looking into it.' });
    await entry.waitFor();
    expect(await entry.locator('.markdown strong').first().textContent()).toBe(ticket.number); // markdown rendered, the escape gone
    expect(await message.inputValue()).toBe('');

    expect(agent.errors.map((e) => e.stack ?? e.message)).toEqual([]);
  });
});
