/** Roles from least to most powerful. A person has exactly one; managers also manage teams. */
export const ROLES = ['viewer', 'responder', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

/** The lesser of two roles: an API token acts with at most its owner's role. */
export function lesserRole(a: Role, b: Role): Role {
  return roleRank(a) <= roleRank(b) ? a : b;
}

/** Who is asking, as the permission rules need it. */
export type Principal = {
  userId: string;
  role: Role;
  /** Teams this person manages (only meaningful for managers and admins). */
  managedTeamIds: readonly string[];
};

/**
 * Every permission a route can require. `public` needs no session; the others need a signed-in
 * person (or an API token) whose role allows it. Team-scoped checks (`service:edit`) also need
 * the resource's team, which the route supplies once it has loaded the resource.
 */
export const PERMISSIONS = {
  public: null,
  /** Read incidents, services, people, teams, the live stream. */
  read: 'viewer',
  /** Edit one's own profile, password and API tokens. */
  'self:edit': 'viewer',
  /** Acknowledge, resolve, post notes, assign roles, change severity/phase, declare. */
  'incident:act': 'responder',
  /** Create and edit services (managers: only of teams they manage). */
  'service:edit': 'manager',
  /** Status page components, scheduled maintenance and chat mirrors (publishing is `incident:act`). */
  'status:edit': 'manager',
  /** People, roles, teams, invitations, demo data. */
  'people:admin': 'admin',
  /** Browse the audit log. */
  'audit:read': 'admin',
} as const satisfies Record<string, Role | null>;
export type Permission = keyof typeof PERMISSIONS;

/** Whether the role is high enough for the permission (before any team scoping). */
export function roleAllows(role: Role, permission: Permission): boolean {
  const needed = PERMISSIONS[permission];
  return needed === null || roleRank(role) >= roleRank(needed);
}

/**
 * Whether the principal may edit things owned by `teamId`: admins always; managers only for
 * teams they manage; nobody else.
 */
export function canEditTeamResource(principal: Principal, teamId: string): boolean {
  if (principal.role === 'admin') return true;
  return principal.role === 'manager' && principal.managedTeamIds.includes(teamId);
}

/**
 * Whether the principal may edit a service owned by `teamId` — and so see its integration keys,
 * which are secrets that open and resolve its incidents. Admins always; a team's managers for its
 * services; nobody else, and only admins for a service without a team. Signed out: never.
 */
export function canEditService(principal: Principal | undefined, teamId: string | null): boolean {
  if (!principal) return false;
  if (principal.role === 'admin') return true;
  return teamId !== null && canEditTeamResource(principal, teamId);
}
