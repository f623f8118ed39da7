import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createAutosaver,
  deleteDraft,
  flushAllAutosavers,
  getDraft,
  listDrafts,
  lockVault,
  saveDraft,
  unlockVault,
  type Draft,
} from '../../src/data';
import { freshUnlocked, PIN } from './helpers';

const draft = (n: number, id = 'd1'): Draft => ({
  id,
  kind: 'migrant',
  payload: { name: `typing ${n}` },
  section: 'identity',
  updatedAt: `2026-11-30T09:${String(10 + n).padStart(2, '0')}:00.000+07:00`,
});

describe('drafts', () => {
  beforeEach(freshUnlocked);

  it('saves, reads (after a lock too), lists newest first and deletes', async () => {
    await saveDraft(draft(1, 'a'));
    await saveDraft({ ...draft(3, 'b'), kind: 'screening' });
    await saveDraft(draft(2, 'c'));
    lockVault();
    await expect(getDraft('a')).rejects.toMatchObject({ code: 'vault_locked' });
    await unlockVault(PIN);
    expect(await getDraft('a')).toEqual(draft(1, 'a'));
    expect((await listDrafts()).map((d) => d.id)).toEqual(['b', 'c', 'a']);
    expect((await listDrafts('migrant')).map((d) => d.id)).toEqual(['c', 'a']);
    await deleteDraft('a');
    expect(await getDraft('a')).toBeUndefined();
  });

  it('autosaves into the encrypted store with real timers', async () => {
    const autosaver = createAutosaver(saveDraft, 30);
    autosaver.schedule(draft(1));
    autosaver.schedule(draft(2));
    await vi.waitFor(async () =>
      expect((await getDraft('d1'))?.payload).toEqual({ name: 'typing 2' }),
    );
    await autosaver.dispose();
  });
});

describe('autosaver', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('debounces: one save of the latest draft after the delay', async () => {
    const save = vi.fn<(d: Draft) => Promise<void>>().mockResolvedValue(undefined);
    const a = createAutosaver(save);
    a.schedule(draft(1));
    await vi.advanceTimersByTimeAsync(500);
    a.schedule(draft(2));
    await vi.advanceTimersByTimeAsync(500);
    a.schedule(draft(3));
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(799);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith(draft(3));
    await a.dispose();
  });

  it('never waits longer than 1 s, whatever delay is asked', async () => {
    const save = vi.fn<(d: Draft) => Promise<void>>().mockResolvedValue(undefined);
    const a = createAutosaver(save, 10_000);
    a.schedule(draft(1));
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).toHaveBeenCalledTimes(1);
    await a.dispose();
  });

  it('flush saves at once; flushAllAutosavers flushes every live one', async () => {
    const saved: string[] = [];
    const save = (d: Draft) => {
      saved.push(`${d.id}:${String(d.payload.name)}`);
      return Promise.resolve();
    };
    const a = createAutosaver(save);
    const b = createAutosaver(save);
    a.schedule(draft(1, 'a'));
    await a.flush();
    expect(saved).toEqual(['a:typing 1']);
    a.schedule(draft(2, 'a'));
    b.schedule(draft(5, 'b'));
    await flushAllAutosavers();
    expect(saved).toEqual(['a:typing 1', 'a:typing 2', 'b:typing 5']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(saved).toHaveLength(3); // nothing left to save
    await b.dispose();
    b.schedule(draft(6, 'b'));
    a.schedule(draft(3, 'a'));
    await flushAllAutosavers(); // b is disposed: only a flushes
    expect(saved).toEqual(['a:typing 1', 'a:typing 2', 'b:typing 5', 'a:typing 3']);
    await a.dispose();
  });

  it('keeps a draft whose save failed and reports the error', async () => {
    const quota = Object.assign(new Error('full'), { code: 'quota_exceeded' });
    const save = vi
      .fn<(d: Draft) => Promise<void>>()
      .mockRejectedValueOnce(quota)
      .mockResolvedValue(undefined);
    const onError = vi.fn();
    const a = createAutosaver(save, 800, onError);
    a.schedule(draft(1));
    await vi.advanceTimersByTimeAsync(800);
    expect(onError).toHaveBeenCalledWith(quota);
    await a.flush();
    expect(save).toHaveBeenCalledTimes(2);
    expect(save).toHaveBeenLastCalledWith(draft(1));
    await a.dispose();
  });

  it('saves in order, one at a time', async () => {
    const log: string[] = [];
    let release: () => void = () => undefined;
    const save = vi.fn((d: Draft) => {
      log.push(`start ${String(d.payload.name)}`);
      return new Promise<void>((resolve) => {
        release = () => {
          log.push(`end ${String(d.payload.name)}`);
          resolve();
        };
      });
    });
    const a = createAutosaver(save, 100);
    a.schedule(draft(1));
    await vi.advanceTimersByTimeAsync(100);
    a.schedule(draft(2));
    const flushed = a.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['start typing 1']);
    release();
    await vi.advanceTimersByTimeAsync(0);
    release();
    await flushed;
    expect(log).toEqual(['start typing 1', 'end typing 1', 'start typing 2', 'end typing 2']);
    await a.dispose();
  });
});
