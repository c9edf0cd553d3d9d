/** In-memory `CacheStorage` for Node tests, keyed by request URL. */
export class FakeCacheStorage implements CacheStorage {
  readonly caches = new Map<string, Map<string, Response>>();

  async open(name: string): Promise<Cache> {
    let entries = this.caches.get(name);
    if (!entries) {
      entries = new Map();
      this.caches.set(name, entries);
    }
    const store = entries;
    const key = (request: RequestInfo | URL) =>
      typeof request === 'string'
        ? request
        : request instanceof URL
          ? request.href
          : request.url;
    const cache: Partial<Cache> = {
      match: async (request) => store.get(key(request))?.clone(),
      put: async (request, response) => {
        store.set(key(request), response.clone());
      },
      delete: async (request) => store.delete(key(request)),
      keys: async () => [...store.keys()].map((url) => new Request(url)),
    };
    return cache as Cache;
  }

  async has(name: string): Promise<boolean> {
    return this.caches.has(name);
  }

  async delete(name: string): Promise<boolean> {
    return this.caches.delete(name);
  }

  async keys(): Promise<string[]> {
    return [...this.caches.keys()];
  }

  async match(): Promise<Response | undefined> {
    return undefined;
  }
}
