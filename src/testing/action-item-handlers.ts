import type { HttpHandler } from 'msw';

export const actionItemHandlers: HttpHandler[] = [];
