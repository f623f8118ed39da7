// The queue and the records screens ask for what arrived when they open, every minute, and when
// the window comes back into focus — and stop asking once they are gone.
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';

const refreshRows = vi.fn(async () => 0);
vi.mock('../../src/console/records/memory', () => ({ refreshRows }));

const { REFRESH_MS, useLiveRows } = await import('../../src/console/records/useLiveRows');

function Screen() {
  useLiveRows();
  return <p>queue</p>;
}

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  refreshRows.mockClear();
});

describe('useLiveRows', () => {
  it('refreshes on arrival, every minute and on focus; not after the screen has gone', () => {
    vi.useFakeTimers();
    const { unmount } = render(<Screen />);
    expect(refreshRows).toHaveBeenCalledTimes(1);
    expect(REFRESH_MS).toBe(60_000);
    vi.advanceTimersByTime(REFRESH_MS);
    expect(refreshRows).toHaveBeenCalledTimes(2);
    window.dispatchEvent(new Event('focus'));
    expect(refreshRows).toHaveBeenCalledTimes(3);
    unmount();
    vi.advanceTimersByTime(3 * REFRESH_MS);
    window.dispatchEvent(new Event('focus'));
    expect(refreshRows).toHaveBeenCalledTimes(3);
  });
});
