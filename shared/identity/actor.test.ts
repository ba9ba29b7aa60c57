import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { actorFromClaims } from './actor.ts';
import { permissionsOf } from './permissions.ts';

const base = { sub: 'u1', name: 'Alice Adams', email: 'alice@acme.test' };

describe('actorFromClaims', () => {
  it('gives an agent view and manage in their tenants', () => {
    const actor = actorFromClaims({ ...base, 'cognito:groups': ['service-desk-agent'], 'custom:tenants': 'acme' });
    expect(actor).toEqual({
      id: 'u1',
      name: 'Alice Adams',
      email: 'alice@acme.test',
      type: 'agent',
      roles: ['service-desk-agent'],
      permissions: ['service-desk.view', 'service-desk.manage'],
      tenants: ['acme'],
    });
  });

  it('gives an admin every permission across several tenants, trimmed and de-duplicated', () => {
    const actor = actorFromClaims({ ...base, 'cognito:groups': ['service-desk-admin'], 'custom:tenants': ' acme, globex ,acme' });
    expect(actor.permissions).toEqual(['service-desk.view', 'service-desk.manage', 'service-desk.admin']);
    expect(actor.tenants).toEqual(['acme', 'globex']);
  });

  it('gives a supervisor the agent permissions (reassignment is a role check)', () => {
    expect(permissionsOf(['service-desk-supervisor'])).toEqual(['service-desk.view', 'service-desk.manage']);
  });

  it('ignores groups that are not roles of the product', () => {
    const actor = actorFromClaims({ ...base, 'cognito:groups': ['admins', 'service-desk-agent'], 'custom:tenants': 'acme' });
    expect(actor.roles).toEqual(['service-desk-agent']);
  });

  it('makes a customer with a partner an external requester with no permissions', () => {
    const actor = actorFromClaims({ ...base, 'cognito:groups': ['service-desk-customer'], 'custom:tenants': 'acme', 'custom:bp_id': 'BP-1001' });
    expect(actor).toMatchObject({ type: 'customer', permissions: [], tenants: ['acme'], requester: { bpId: 'BP-1001' } });
  });

  it('takes the contact when a customer has no partner claim', () => {
    const actor = actorFromClaims({ ...base, 'cognito:groups': ['service-desk-customer'], 'custom:tenants': 'acme', 'custom:contact_id': 'C-1' });
    expect(actor.requester).toEqual({ contactId: 'C-1' });
  });

  it('refuses a customer token without exactly one tenant or without a partner', () => {
    expect(() => actorFromClaims({ ...base, 'cognito:groups': ['service-desk-customer'], 'custom:tenants': 'acme,globex', 'custom:bp_id': 'BP-1' })).toThrow(AppError);
    expect(() => actorFromClaims({ ...base, 'cognito:groups': ['service-desk-customer'], 'custom:tenants': 'acme' })).toThrow(/business partner/);
  });

  it('treats a user with an internal role as internal even if also in the customer group', () => {
    const actor = actorFromClaims({ ...base, 'cognito:groups': ['service-desk-customer', 'service-desk-agent'], 'custom:tenants': 'acme' });
    expect(actor.type).toBe('agent');
    expect(actor.roles).toEqual(['service-desk-agent']);
  });

  it('refuses a token without a subject', () => {
    expect(() => actorFromClaims({ name: 'x' })).toThrow(expect.objectContaining({ code: 'unauthorized' }));
  });

  it('gives a user with no role no permissions and no tenants', () => {
    expect(actorFromClaims({ ...base })).toMatchObject({ roles: [], permissions: [], tenants: [] });
  });
});
