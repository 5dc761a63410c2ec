// The service worker: keeps the page's own files, so that the page opens with no
// network once visited. Answers are never kept. The server writes the release below
// (the files and their hashes) at start-up; a change to any file changes this script,
// so the browser installs it anew on the next visit with network (docs/page.md, "In the
// field: offline, on the home screen, and light on data", New releases).
// The files of RELEASE.onUse (the Tonight view) are kept when the page first loads them.

const RELEASE = { version: "unreleased", files: {}, onUse: [] };

const PREFIX = "planettracker-";
const CACHE = PREFIX + RELEASE.version;
const onUse = new Set(RELEASE.onUse);
const MATCH = { ignoreVary: true }; // the page varies with Accept: a lookup need not

self.addEventListener("install", (event) => {
  // Anything but the page's files goes to the network without waking this worker.
  try {
    const kept = Object.keys(RELEASE.files).map((pathname) => ({ urlPattern: new URLPattern({ pathname }) }));
    event.addRoutes?.({ condition: { not: { or: kept } }, source: "network" })?.catch(() => {});
  } catch {
    // No static routing here: the fetch handler below lets those requests through.
  }
  event.waitUntil(fill().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter(isOlder).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  const navigation = request.mode === "navigate";
  if (!(url.pathname in RELEASE.files) || (!navigation && url.search)) return; // the network
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const kept = await cache.match(url.pathname, MATCH);
      if (kept) return kept;
      const response = await fetch(request);
      if (onUse.has(url.pathname) && isRelease(response, RELEASE.files[url.pathname])) {
        event.waitUntil(cache.put(url.pathname, response.clone()));
      }
      return response;
    }),
  );
});

const isOlder = (name) => name.startsWith(PREFIX) && name !== CACHE;
const isRelease = (response, hash) => response?.ok && response.headers.get("ETag") === `W/"${hash}"`;

/**
 * Put this release's files in its cache, each checked against its hash: all but those
 * kept on use, and those too once an older release kept them (the page uses them).
 */
async function fill() {
  const cache = await caches.open(CACHE);
  const older = (await caches.keys()).filter(isOlder);
  const used = async (url) => {
    for (const name of older) if (await (await caches.open(name)).match(url, MATCH)) return true;
    return false;
  };
  await Promise.all(
    Object.entries(RELEASE.files).map(async ([url, hash]) => {
      if (onUse.has(url) && !(await used(url))) return;
      await cache.put(url, await fetchFile(url, hash, older));
    }),
  );
}

/**
 * A file of this release from where it costs least: the last release's cache if it has
 * not changed, the HTTP cache (the page has just loaded it), or the server (a 304 if the
 * HTTP cache has it). Never another release's: the install fails, to be tried again.
 */
async function fetchFile(url, hash, older) {
  for (const name of older) {
    const kept = await (await caches.open(name)).match(url, MATCH);
    if (isRelease(kept, hash)) return kept;
  }
  const headers = url === "/" ? { Accept: "text/html" } : {}; // "/" answers curl with text
  for (const cache of ["force-cache", "no-cache"]) {
    const response = await fetch(url, { headers, cache });
    if (isRelease(response, hash)) return response;
  }
  throw new Error(`${url} is not the file of release ${RELEASE.version}`);
}
