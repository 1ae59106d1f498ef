import type { Role } from '../../../domain/access/roles';

/** What each role may do, in the words the invite form and the people list use. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: 'Reads incidents, services and people.',
  responder: 'Acknowledges, resolves, writes notes and declares incidents.',
  manager: 'A responder who also edits the services of the teams they manage.',
  admin: 'Everything: people, teams, roles, the audit log.',
};
