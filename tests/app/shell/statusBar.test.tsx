// The status line never claims "all sent" before the queue has been counted (a reopened page
// used to say so at once, while its records still waited).
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initI18n, t } from '../../../src/app/i18n';
import { StatusBar } from '../../../src/app/shell/StatusBar';
import { SyncContext } from '../../../src/app/syncContext';
import type { SyncStatus } from '../../../src/sync';

beforeAll(async () => {
  await initI18n('id');
});
afterEach(cleanup);

function show(status: SyncStatus) {
  return render(
    <SyncContext.Provider value={{ status, requestSync: () => undefined }}>
      <StatusBar />
    </SyncContext.Provider>,
  );
}

describe('StatusBar', () => {
  it('says nothing about the queue while it is being counted', () => {
    show({ phase: 'idle', pending: 0, counting: true });
    expect(screen.getByRole('status').textContent).not.toContain(t('app:status.allSent'));
    expect(screen.queryByText(t('app:status.allSent'))).toBeNull();
  });

  it('says "all sent" once counted and empty, and the number waiting otherwise', () => {
    show({ phase: 'idle', pending: 0 });
    expect(screen.getByText(t('app:status.allSent'))).toBeTruthy();
    cleanup();
    show({ phase: 'idle', pending: 3 });
    expect(screen.getByRole('status').textContent).toContain('3');
    expect(screen.queryByText(t('app:status.allSent'))).toBeNull();
  });
});
