import { buildFakeModel, toArrayBuffer } from './fake-model.mjs';

export const MODEL_BASE_URL = 'http://127.0.0.1:4173/model/';

/**
 * A `fetch` that serves the fake model's files under `MODEL_BASE_URL` and
 * records every URL requested.
 */
export function fakeModelFetch(
  model: ReturnType<typeof buildFakeModel> = buildFakeModel(),
) {
  const requested: string[] = [];
  const fetchFunction = async (input: RequestInfo | URL) => {
    const url = String(input instanceof Request ? input.url : input);
    requested.push(url);
    const path = url.startsWith(MODEL_BASE_URL)
      ? url.slice(MODEL_BASE_URL.length)
      : null;
    const data = path === null ? undefined : model.files.get(path);
    if (!data) {
      return new Response('not found', { status: 404 });
    }
    return new Response(toArrayBuffer(data), {
      headers: { 'Content-Type': 'application/octet-stream' },
    });
  };
  return { fetchFunction: fetchFunction as typeof fetch, requested, model };
}
