import type { HttpHandler } from 'msw';

export const postmortemHandlers: HttpHandler[] = [];
