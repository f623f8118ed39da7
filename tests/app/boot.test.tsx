// The real entry (src/app/main.tsx): the remembered language is used from the first screen on.
import { screen } from '@testing-library/preact';
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../src/data';
import { findScreen, freshPhone } from './helpers';

describe('boot', { timeout: 30_000 }, () => {
  let root: HTMLElement;
  beforeEach(async () => {
    await freshPhone();
    root = document.createElement('div');
    root.id = 'app';
    document.body.append(root);
  });
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  it('starts in the language remembered on the phone and sets <html lang>', async () => {
    await setLanguage('en');
    await import('../../src/app/main');
    await findScreen('Welcome to Jejaring');
    expect(document.documentElement.lang).toBe('en');
    expect(screen.getByRole('button', { name: 'Bahasa Indonesia' })).toBeTruthy();
  });
});
