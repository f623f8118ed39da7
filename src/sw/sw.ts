// The service worker: precaches the whole app (shell, every lazy screen, every locale) so every
// screen opens with no network after one online visit; caches region chunks on first use; never
// caches the API. Updates wait until the page asks for them (SKIP_WAITING), so nobody loses a form.
import { clientsClaim } from 'workbox-core';
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope & typeof globalThis;

/** Shared with src/data, which fills the same cache when it fetches a province chunk itself. */
const REGIONS_CACHE = 'jejaring-regions-v1';
/** Tag of the Background Sync registration the page makes when records wait in the outbox. */
const SYNC_TAG = 'jejaring-sync';

/** Background Sync's event is not in TypeScript's WebWorker lib yet. */
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
  readonly lastChance: boolean;
}

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Hash routing means every navigation is to `/`; serve the precached shell for all of them so the
// app opens offline. API paths are never answered from a cache.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//] }),
);

registerRoute(
  ({ url, request }) =>
    url.origin === self.location.origin &&
    request.method === 'GET' &&
    /^\/regions\/[^/]+\.json$/.test(url.pathname),
  new CacheFirst({ cacheName: REGIONS_CACHE }),
);

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data: unknown = event.data;
  if (
    typeof data === 'object' &&
    data !== null &&
    (data as { type?: unknown }).type === 'SKIP_WAITING'
  ) {
    void self.skipWaiting();
  }
});

// The data key lives only in the unlocked page's memory, so the worker cannot sync by itself: it
// wakes the open pages and each one syncs if it is unlocked.
self.addEventListener('sync', (event: Event) => {
  const syncEvent = event as SyncEvent;
  if (syncEvent.tag !== SYNC_TAG) return;
  syncEvent.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      for (const client of windows) client.postMessage({ type: SYNC_TAG });
    }),
  );
});

// The first visit is controlled too, so "ready offline" is true as soon as installation finishes.
clientsClaim();
