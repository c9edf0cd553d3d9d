// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const workbox = vi.hoisted(() => {
  const listeners = new Map<string, () => void>();
  return {
    listeners,
    instance: {
      addEventListener: vi.fn((type: string, listener: () => void) =>
        listeners.set(type, listener),
      ),
      register: vi.fn().mockResolvedValue(undefined),
      messageSkipWaiting: vi.fn(),
    },
    scriptUrls: [] as string[],
  };
});
vi.mock('workbox-window', () => ({
  Workbox: class {
    constructor(url: string) {
      workbox.scriptUrls.push(url);
      return workbox.instance;
    }
  },
}));

const { registerServiceWorker } =
  await import('../../../src/app/service-worker');

describe('registerServiceWorker', () => {
  beforeEach(() => {
    vi.stubEnv('DEV', false);
    Object.defineProperty(navigator, 'serviceWorker', {
      value: {},
      configurable: true,
    });
    workbox.listeners.clear();
    workbox.scriptUrls.length = 0;
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('registers sw.js under the base URL', () => {
    registerServiceWorker(() => {});
    expect(workbox.scriptUrls).toEqual(['/sw.js']);
    expect(workbox.instance.register).toHaveBeenCalled();
  });

  it('waits for the user before activating an update', () => {
    const onUpdateReady = vi.fn();
    registerServiceWorker(onUpdateReady);

    workbox.listeners.get('waiting')!();

    expect(onUpdateReady).toHaveBeenCalledTimes(1);
    expect(workbox.instance.messageSkipWaiting).not.toHaveBeenCalled();
    const applyUpdate = onUpdateReady.mock.calls[0]![0] as () => void;
    applyUpdate();
    expect(workbox.instance.messageSkipWaiting).toHaveBeenCalledTimes(1);
    expect(workbox.listeners.has('controlling')).toBe(true);
  });

  it('does nothing in the development server', () => {
    vi.stubEnv('DEV', true);
    registerServiceWorker(() => {});
    expect(workbox.scriptUrls).toEqual([]);
  });
});
