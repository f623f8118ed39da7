// Change notifications for the UI and the sync engine, relayed to other tabs of the app.

type Topic = 'outbox' | 'records';

const CHANNEL_NAME = 'jejaring-data';
const listeners: Record<Topic, Set<() => void>> = { outbox: new Set(), records: new Set() };
/** Listeners for changes made by the app's other tabs only (caches of this tab's own state). */
const remoteListeners: Record<Topic, Set<() => void>> = { outbox: new Set(), records: new Set() };
let channel: BroadcastChannel | undefined;

function ensureChannel(): BroadcastChannel | undefined {
  if (channel || typeof BroadcastChannel === 'undefined') return channel;
  channel = new BroadcastChannel(CHANNEL_NAME);
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (data && typeof data === 'object' && 'topic' in data) {
      const topic = data.topic;
      if (topic === 'outbox' || topic === 'records') {
        for (const listener of [...remoteListeners[topic]]) listener();
        callAll(topic);
      }
    }
  };
  // Node's BroadcastChannel (tests) would otherwise keep the process alive.
  (channel as unknown as { unref?: () => void }).unref?.();
  return channel;
}

function callAll(topic: Topic): void {
  for (const listener of [...listeners[topic]]) {
    try {
      listener();
    } catch (e) {
      console.error('data change listener failed', e instanceof Error ? e.name : 'error');
    }
  }
}

/** Tells this tab's listeners and the other tabs that `topics` changed (after the commit). */
export function emitChange(...topics: Topic[]): void {
  const ch = ensureChannel();
  for (const topic of topics) {
    callAll(topic);
    try {
      ch?.postMessage({ topic });
    } catch {
      // A closed channel (page unloading) loses only a hint; listeners poll anyway.
    }
  }
}

/** Called when another tab reports a change to `topic` (before the ordinary listeners run). */
export function subscribeRemote(topic: Topic, listener: () => void): () => void {
  ensureChannel();
  remoteListeners[topic].add(listener);
  return () => remoteListeners[topic].delete(listener);
}

export function subscribe(topic: Topic, listener: () => void): () => void {
  ensureChannel();
  listeners[topic].add(listener);
  return () => listeners[topic].delete(listener);
}
