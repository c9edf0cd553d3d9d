/**
 * Serves the production build (`dist/`, built by `npm run test:e2e`) on a
 * free loopback port for the e2e tests that need no server of their own.
 */

import type { TestProject } from 'vitest/node';

import { startPreview } from './preview-server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startPreview();
  project.provide('baseUrl', server.baseUrl);
  return () => server.stop();
}
