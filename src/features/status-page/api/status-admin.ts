import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ComponentDto, MaintenanceDto, chatMirrorSchema, createChatMirrorSchema, createComponentSchema, createMaintenanceSchema, updateComponentSchema } from '../../../contracts/status-page';
import { apiRequest } from '../../../lib/api-client';
import { statusKeys } from './status-keys';

export type ChatMirrorDto = z.infer<typeof chatMirrorSchema>;
export type CreateComponentBody = z.input<typeof createComponentSchema>;
export type UpdateComponentBody = z.input<typeof updateComponentSchema>;
export type CreateMaintenanceBody = z.input<typeof createMaintenanceSchema>;
export type CreateChatMirrorBody = z.input<typeof createChatMirrorSchema>;
export type SubscriberSummary = { email: number; webhook: number };
export type ChatTestOutcome = { ok: boolean; error: string | null };

const enc = encodeURIComponent;

export const componentsQueryOptions = () =>
  queryOptions({ queryKey: statusKeys.components(), queryFn: ({ signal }) => apiRequest<{ items: ComponentDto[] }>('/api/v1/status/components', { signal }) });
export const useStatusComponents = () => useQuery(componentsQueryOptions());

export const maintenancesQueryOptions = () =>
  queryOptions({ queryKey: statusKeys.maintenances(), queryFn: ({ signal }) => apiRequest<{ items: MaintenanceDto[] }>('/api/v1/status/maintenances', { signal }) });
export const useMaintenances = () => useQuery(maintenancesQueryOptions());

export const chatMirrorsQueryOptions = () =>
  queryOptions({ queryKey: statusKeys.chatMirrors(), queryFn: ({ signal }) => apiRequest<{ items: ChatMirrorDto[] }>('/api/v1/status/chat-mirrors', { signal }) });
export const useChatMirrors = (enabled: boolean) => useQuery({ ...chatMirrorsQueryOptions(), enabled });

export const subscribersQueryOptions = () =>
  queryOptions({ queryKey: statusKeys.subscribers(), queryFn: ({ signal }) => apiRequest<SubscriberSummary>('/api/v1/status/subscribers/summary', { signal }) });
export const useSubscriberSummary = (enabled: boolean) => useQuery({ ...subscribersQueryOptions(), enabled });

/** A write whose answer changes one list: the list is fetched again (the server orders it). */
function useListWrite<TBody, TResult>(key: readonly unknown[], write: (body: TBody) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: write, onSuccess: () => queryClient.invalidateQueries({ queryKey: key }) });
}

export const useCreateComponent = () =>
  useListWrite(statusKeys.components(), (body: CreateComponentBody) => apiRequest<ComponentDto>('/api/v1/status/components', { method: 'POST', body }));
export const useUpdateComponent = () =>
  useListWrite(statusKeys.components(), ({ id, ...body }: UpdateComponentBody & { id: string }) => apiRequest<ComponentDto>(`/api/v1/status/components/${enc(id)}`, { method: 'PATCH', body }));
export const useDeleteComponent = () =>
  useListWrite(statusKeys.components(), (id: string) => apiRequest<void>(`/api/v1/status/components/${enc(id)}`, { method: 'DELETE' }));

export const useScheduleMaintenance = () =>
  useListWrite(statusKeys.maintenances(), (body: CreateMaintenanceBody) => apiRequest<MaintenanceDto>('/api/v1/status/maintenances', { method: 'POST', body }));
export const useCancelMaintenance = () =>
  useListWrite(statusKeys.maintenances(), (id: string) => apiRequest<void>(`/api/v1/status/maintenances/${enc(id)}`, { method: 'DELETE' }));

export const useCreateChatMirror = () =>
  useListWrite(statusKeys.chatMirrors(), (body: CreateChatMirrorBody) => apiRequest<ChatMirrorDto>('/api/v1/status/chat-mirrors', { method: 'POST', body }));
export const useDeleteChatMirror = () =>
  useListWrite(statusKeys.chatMirrors(), (id: string) => apiRequest<void>(`/api/v1/status/chat-mirrors/${enc(id)}`, { method: 'DELETE' }));
export const useTestChatMirror = () => useMutation({ mutationFn: (id: string) => apiRequest<ChatTestOutcome>(`/api/v1/status/chat-mirrors/${enc(id)}/test`, { method: 'POST' }) });
