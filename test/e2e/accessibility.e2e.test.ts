/**
 * axe-core's WCAG 2.1 A and AA rules on the page before and after an
 * analysis, and keyboard-only use from the photo picker to the result.
 */

import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { runAxe } from './axe';
import {
  ANALYSIS_TIMEOUT_MS,
  openSession,
  waitForModel,
  type Session,
} from './browser';

const PHOTO = fileURLToPath(
  new URL('../fixtures/images/ISIC_0024698.jpg', import.meta.url),
);

describe('accessibility', () => {
  const baseUrl = inject('baseUrl');
  let session: Session;

  beforeAll(async () => {
    session = await openSession();
    await session.page.goto(baseUrl);
    await waitForModel(session.page);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('has no axe violations before analysis', async () => {
    const { violations, passed } = await runAxe(session);
    expect(violations).toEqual([]);
    expect(passed).toContain('color-contrast');
    expect(passed).toContain('label');
  });

  it('analyses with the keyboard alone', async () => {
    const { page } = session;
    const picker = page.getByLabel('Photo of the skin lesion');
    // Playwright sets the file, because the file dialog belongs to the
    // browser, not the app.
    await picker.setInputFiles(PHOTO);
    await picker.focus();

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(
      await page.getByLabel('Age in years').getAttribute('id'),
    );
    await page.keyboard.type('70');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Analyse',
    );
    await page.keyboard.press('Enter');

    await page
      .getByTestId('malignant-probability')
      .waitFor({ timeout: ANALYSIS_TIMEOUT_MS });
    expect(await page.getByTestId('announcement').innerText()).toMatch(
      /^Result: .+\. Malignant probability [\d.<> ]+ %\.$/,
    );
  });

  it('shows a focus outline on the focused control', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Analyse' }).focus();
    const outline = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return { style: style.outlineStyle, width: style.outlineWidth };
    });
    expect(outline.style).toBe('solid');
    expect(outline.width).toBe('3px');
  });

  it('has no axe violations with a result shown', async () => {
    const { violations, passed } = await runAxe(session);
    expect(violations).toEqual([]);
    expect(passed).toContain('color-contrast');
  });

  it('fits a 320 px wide screen without sideways scrolling', async () => {
    // WCAG 2.1 success criterion 1.4.10 (Reflow) uses 320 CSS pixels.
    const { page } = session;
    await page.setViewportSize({ width: 320, height: 640 });
    const widths = await page.evaluate(() => ({
      content: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    }));
    expect(widths.content).toBeLessThanOrEqual(widths.viewport);
  });
});
