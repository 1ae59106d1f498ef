import { HttpResponse } from 'msw';
import type { DefaultBodyType, HttpResponseResolver, JsonBodyType, PathParams } from 'msw';
import type { z } from 'zod';
import type { ApiError } from '../contracts/common';
import type { Permission } from '../domain/access/roles';
import { roleAllows } from '../domain/access/roles';
import { currentUser, db } from './db';
import type { TestUser } from './fixtures';

/**
 * What every msw handler file shares: the answer shapes of the real server (its JSON errors, its
 * way of naming a field), reading a body, and the access rule in front of a handler.
 */
export const API = '*/api/v1';

export type Reply = HttpResponse<JsonBodyType>;
export type Resolver = HttpResponseResolver<PathParams, DefaultBodyType, JsonBodyType>;
export type Args = Parameters<Resolver>[0];

export function reply<T extends JsonBodyType>(data: T, status = 200): Reply {
  return HttpResponse.json<JsonBodyType>(data, { status });
}

/** The server's error body; `extra` carries top-level fields (a 409's `current`). */
export function apiError(status: number, code: string, message: string, fields?: Array<{ field: string; problem: string }>, extra: Record<string, JsonBodyType> = {}): Reply {
  return reply<ApiError & Record<string, JsonBodyType>>({ error: { code, message, ...(fields ? { fields } : {}) }, ...extra }, status);
}

/** The server's way of naming a field: `contactMethods[1].address`. */
export function fieldName(path: ReadonlyArray<PropertyKey>): string {
  let name = '';
  for (const part of path) {
    if (typeof part === 'number') name += `[${part}]`;
    else name += name ? `.${String(part)}` : String(part);
  }
  return name || '(body)';
}

export function invalidFields(fields: Array<{ field: string; problem: string }>): Reply {
  return apiError(400, 'invalid_request', fields.map((f) => `${f.field} ${f.problem}`).join('; '), fields);
}

export const invalid = (error: z.ZodError): Reply => invalidFields(error.issues.map((issue) => ({ field: fieldName(issue.path), problem: issue.message })));

export async function body(request: Request): Promise<unknown> {
  const text = await request.text();
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** The signed-in caller, or the server's 401/403 when the role does not allow it. */
export function allowed(permission: Exclude<Permission, 'public'>): TestUser | Reply {
  const caller = currentUser();
  if (!caller) return apiError(401, 'unauthenticated', 'Sign in first');
  if (!roleAllows(caller.role, permission)) return apiError(403, 'forbidden', `Your role (${caller.role}) may not do this`);
  return caller;
}

/** The route's access rule in front of its handler, with the caller handed over. */
export function allow(permission: Exclude<Permission, 'public'>, handler: (args: Args, caller: TestUser) => ReturnType<Resolver>): Resolver {
  return (args) => {
    const caller = allowed(permission);
    return caller instanceof HttpResponse ? caller : handler(args, caller);
  };
}

export const principal = (user: TestUser) => ({
  userId: user.id,
  role: user.role,
  managedTeamIds: db.teams.filter((team) => team.members.some((m) => m.userId === user.id && m.manager)).map((team) => team.id),
});
