import { describe, expect, it } from 'vitest';

import { planRuntime } from '../../../src/model/runtime-plan';

describe('planRuntime', () => {
  it.each([
    [
      'WebGL in workers',
      { worker: true, offscreenWebgl: true, documentWebgl: true },
      { where: 'worker', backends: ['webgl', 'wasm', 'cpu'] },
    ],
    [
      'WebGL on the page only',
      { worker: true, offscreenWebgl: false, documentWebgl: true },
      { where: 'main-thread', backends: ['webgl', 'wasm', 'cpu'] },
    ],
    [
      'no WebGL at all',
      { worker: true, offscreenWebgl: false, documentWebgl: false },
      { where: 'worker', backends: ['wasm', 'cpu'] },
    ],
    [
      'no workers and no WebGL',
      { worker: false, offscreenWebgl: false, documentWebgl: false },
      { where: 'main-thread', backends: ['wasm', 'cpu'] },
    ],
  ])('%s', (_, capabilities, expected) => {
    expect(planRuntime(capabilities)).toEqual(expected);
  });
});
