import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, canEditTeamResource, lesserRole, roleAllows } from './roles';
import type { Permission } from './roles';

describe('roles and permissions', () => {
  it('grant each role what the one below has, and more', () => {
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
      const allowed = ROLES.map((role) => roleAllows(role, permission));
      // Once a role has a permission, every role above it has it too.
      expect(allowed).toEqual([...allowed].sort((a, b) => Number(a) - Number(b)));
    }
  });

  it('match the table in the README', () => {
    const table = Object.fromEntries(ROLES.map((role) => [role, (Object.keys(PERMISSIONS) as Permission[]).filter((p) => p !== 'public' && roleAllows(role, p))]));
    expect(table).toEqual({
      viewer: ['read', 'self:edit'],
      responder: ['read', 'self:edit', 'incident:act'],
      manager: ['read', 'self:edit', 'incident:act', 'service:edit', 'status:edit'],
      admin: ['read', 'self:edit', 'incident:act', 'service:edit', 'status:edit', 'people:admin', 'audit:read'],
    });
  });

  it('cap an API token at the lesser of its role and its owner\'s', () => {
    expect(lesserRole('admin', 'viewer')).toBe('viewer');
    expect(lesserRole('responder', 'manager')).toBe('responder');
  });

  it('let managers edit only the teams they manage; admins edit all', () => {
    expect(canEditTeamResource({ userId: 'm', role: 'manager', managedTeamIds: ['payments'] }, 'payments')).toBe(true);
    expect(canEditTeamResource({ userId: 'm', role: 'manager', managedTeamIds: ['payments'] }, 'search')).toBe(false);
    expect(canEditTeamResource({ userId: 'r', role: 'responder', managedTeamIds: ['payments'] }, 'payments')).toBe(false);
    expect(canEditTeamResource({ userId: 'a', role: 'admin', managedTeamIds: [] }, 'search')).toBe(true);
  });
});
