/**
 * axe-core's WCAG 2.1 A and AA rules, run in the page under test.
 */

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

import type { Session } from './browser';

const AXE_SCRIPT = createRequire(import.meta.url).resolve(
  'axe-core/axe.min.js',
);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core; returns its violations and the ids of rules that passed. */
export async function runAxe(
  session: Session,
): Promise<{ violations: string[]; passed: string[] }> {
  const { page } = session;
  // Evaluated through DevTools, because the app's Content Security Policy
  // blocks injected script tags.
  await page.evaluate(await readFile(AXE_SCRIPT, 'utf8'));
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: any }).axe;
    const { violations, passes } = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] },
    });
    return {
      violations: violations as AxeViolation[],
      passed: (passes as { id: string }[]).map((rule) => rule.id),
    };
  });
  return {
    violations: result.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ` +
        v.nodes.map((node) => node.target.join(' ')).join(', '),
    ),
    passed: result.passed,
  };
}
