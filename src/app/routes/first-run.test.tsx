import { screen } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { seed } from '../../testing/db';
import { server } from '../../testing/msw-server';
import { renderApp } from '../../testing/render-app';

describe('first run', () => {
  it('offers the example organisation and shows it once loaded', async () => {
    seed({ setup: { empty: true, demoLoaded: false } });
    const { user } = renderApp('/');
    expect(await screen.findByRole('heading', { name: 'Welcome to Firewatch' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Load example organisation' }));
    expect(await screen.findByRole('link', { name: 'Orders DB connection pool exhausted' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Welcome to Firewatch' })).not.toBeInTheDocument();
  });

  it('says why the example could not be loaded', async () => {
    seed({ setup: { empty: true, demoLoaded: false } });
    server.use(http.post('*/api/v1/setup/demo', () => HttpResponse.json({ error: { code: 'conflict', message: 'Firewatch is no longer empty' } }, { status: 409 })));
    const { user } = renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'Load example organisation' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Firewatch is no longer empty');
  });

  it('leads to the services page to start for real', async () => {
    seed({ setup: { empty: true, demoLoaded: false } });
    const { user, router } = renderApp('/');
    await user.click(await screen.findByRole('link', { name: 'Create your first service' }));
    expect(await screen.findByRole('heading', { name: 'Services' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/services');
  });
});
