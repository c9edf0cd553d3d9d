import { describe, expect, it, vi } from 'vitest';

import { requestPersistentStorage } from '../../../src/app/storage';

function storage(persisted: boolean, grant: boolean | Error) {
  return {
    persisted: vi.fn().mockResolvedValue(persisted),
    persist:
      grant instanceof Error
        ? vi.fn().mockRejectedValue(grant)
        : vi.fn().mockResolvedValue(grant),
  } as unknown as StorageManager;
}

describe('requestPersistentStorage', () => {
  it('does not ask again once persistent', async () => {
    const manager = storage(true, false);
    expect(await requestPersistentStorage(manager)).toBe('persistent');
    expect(manager.persist).not.toHaveBeenCalled();
  });

  it('returns the browser decision', async () => {
    expect(await requestPersistentStorage(storage(false, true))).toBe(
      'persistent',
    );
    expect(await requestPersistentStorage(storage(false, false))).toBe(
      'best-effort',
    );
  });

  it('treats a failed request as best effort', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(
      await requestPersistentStorage(storage(false, new Error('denied'))),
    ).toBe('best-effort');
  });

  it('reports a browser without the API', async () => {
    expect(await requestPersistentStorage({} as StorageManager)).toBe(
      'unsupported',
    );
  });
});
