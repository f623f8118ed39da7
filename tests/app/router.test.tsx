// The route follows the address even when it changed before the screen listened for changes
// (right after unlock, a tap or a test navigating while the shell mounts): no event is missed.
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { navigate, useRoute } from '../../src/app/router';

function Probe() {
  const route = useRoute();
  return <p data-testid="route">{route.segments.join('/') || 'home'}</p>;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

afterEach(() => {
  history.replaceState(null, '', '#/');
  document.body.innerHTML = '';
});

describe('useRoute', () => {
  it('catches up with an address changed between the first render and its listener', async () => {
    history.replaceState(null, '', '#/');
    const root = document.createElement('div');
    document.body.append(root);
    render(<Probe />, root);
    expect(root.textContent).toBe('home');
    // Changed before the effect subscribed, and without any event (as a missed hashchange).
    history.replaceState(null, '', '#/records/screening/new');
    await settle();
    expect(root.textContent).toBe('records/screening/new');
  });

  it('follows later navigation', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    render(<Probe />, root);
    await settle();
    navigate('/settings');
    await settle();
    expect(root.textContent).toBe('settings');
  });
});
