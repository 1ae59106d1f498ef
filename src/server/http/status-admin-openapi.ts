import type { z } from 'zod';
import {
  componentSchema,
  createComponentSchema,
  createMaintenanceSchema,
  maintenanceSchema,
  postPublicUpdateSchema,
  publicDraftSchema,
  publicIncidentSchema,
  publishIncidentSchema,
  updateComponentSchema,
} from '../../contracts/status-page';

type Helpers = {
  json: (s: z.ZodType) => Record<string, unknown>;
  ok: (description: string, s: z.ZodType) => Record<string, unknown>;
  error: (description: string) => Record<string, unknown>;
  list: (s: z.ZodType) => z.ZodType;
  idParam: (name: string) => Record<string, unknown>;
};

/** The status page's admin routes in the OpenAPI document (built with the document's own helpers). */
export function statusAdminPaths({ json, ok, error, list, idParam }: Helpers): Record<string, unknown> {
  const id = [idParam('id')];
  return {
    '/api/v1/status/components': {
      get: { summary: 'Status page components, by group and position', responses: { 200: ok('Components', list(componentSchema)) } },
      post: { summary: 'Add a component (status:edit); its name is unique in any case', requestBody: { required: true, content: json(createComponentSchema) }, responses: { 201: ok('Component', componentSchema), 400: error('Invalid field, or serviceIds[i] names no service'), 409: error('The name is taken') } },
    },
    '/api/v1/status/components/{id}': {
      patch: { summary: 'Change a component; a new status closes its history span and opens one', parameters: id, requestBody: { required: true, content: json(updateComponentSchema) }, responses: { 200: ok('Component', componentSchema), 400: error('Invalid field'), 404: error('No such component'), 409: error('The name is taken') } },
      delete: { summary: 'Delete a component', parameters: id, responses: { 204: { description: 'Deleted' }, 404: error('No such component'), 409: error('An unresolved public incident names it') } },
    },
    '/api/v1/incidents/{id}/public': {
      get: { summary: 'The incident’s public incident (internal view: authors included)', parameters: id, responses: { 200: ok('Public incident', publicIncidentSchema), 404: error('Not published') } },
      post: { summary: 'Publish the incident to the status page (incident:act)', parameters: id, requestBody: { required: true, content: json(publishIncidentSchema) }, responses: { 201: ok('Public incident', publicIncidentSchema), 400: error('No component or message, an unknown component, or another invalid field (named)'), 404: error('No such incident'), 409: error('Published already') } },
    },
    '/api/v1/incidents/{id}/public/draft': { get: { summary: 'A draft title, components and a message per phase, from the components of the incident’s service', parameters: id, responses: { 200: ok('Draft', publicDraftSchema), 404: error('No such incident') } } },
    '/api/v1/incidents/{id}/public/updates': {
      post: { summary: 'Post a public update (phase and message; resolved brings the components back and may carry a summary and the published post-mortem’s link)', parameters: id, requestBody: { required: true, content: json(postPublicUpdateSchema) }, responses: { 201: ok('Public incident', publicIncidentSchema), 400: error('Invalid field; summary or linkPostmortem before resolved; linkPostmortem without a published post-mortem'), 404: error('Not published'), 409: error('Stale version') } },
    },
    '/api/v1/status/incidents': { get: { summary: 'Every public incident, newest first', responses: { 200: ok('Public incidents', list(publicIncidentSchema)) } } },
    '/api/v1/status/maintenances': {
      get: { summary: 'Scheduled maintenance, status read from the clock', responses: { 200: ok('Maintenances', list(maintenanceSchema)) } },
      post: { summary: 'Schedule maintenance (status:edit)', requestBody: { required: true, content: json(createMaintenanceSchema) }, responses: { 201: ok('Maintenance', maintenanceSchema), 400: error('Invalid field, or componentIds[i] names no component') } },
    },
    '/api/v1/status/maintenances/{id}': { delete: { summary: 'Cancel scheduled maintenance', parameters: id, responses: { 200: ok('Maintenance', maintenanceSchema), 404: error('No such maintenance'), 409: error('Cancelled or completed already') } } },
  };
}
