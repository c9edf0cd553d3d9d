/** The machine and browser a bench run measured on. */

import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';

import type { Page } from 'playwright-core';

import type { BrowserInfo, MachineInfo } from './results';

/** Returns `PRETTY_NAME` of /etc/os-release, or null without one. */
function distribution(): string | null {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    return text.match(/^PRETTY_NAME="?([^"\n]*)"?$/m)?.[1] ?? null;
  } catch {
    return null;
  }
}

export function readMachineInfo(): MachineInfo {
  const processors = cpus();
  const kernel = `${type()} ${release()}`;
  const name = distribution();
  return {
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryBytes: totalmem(),
    os: name ? `${name}, ${kernel}` : kernel,
    node: process.version,
    loadAverage: loadavg()[0]!,
  };
}

/**
 * Reads the browser's full version (the user agent shows only the major
 * one) and the unmasked WebGL vendor and renderer. The callback declares
 * no named functions, because tsx would wrap them in a `__name` helper
 * that the page does not have.
 */
export async function readBrowserInfo(page: Page): Promise<BrowserInfo> {
  return page.evaluate(async () => {
    const agent = (
      navigator as Navigator & {
        userAgentData?: {
          getHighEntropyValues(hints: string[]): Promise<{
            fullVersionList?: { brand: string; version: string }[];
          }>;
        };
      }
    ).userAgentData;
    const brands = agent
      ? ((await agent.getHighEntropyValues(['fullVersionList']))
          .fullVersionList ?? [])
      : [];
    const chromium = brands.find((brand) => /Chrom/.test(brand.brand));

    const gl = document.createElement('canvas').getContext('webgl2');
    const debug = gl?.getExtension('WEBGL_debug_renderer_info');
    return {
      version: chromium?.version ?? 'unknown',
      userAgent: navigator.userAgent,
      webglVendor: gl
        ? String(gl.getParameter(debug?.UNMASKED_VENDOR_WEBGL ?? gl.VENDOR))
        : 'no WebGL 2',
      webglRenderer: gl
        ? String(gl.getParameter(debug?.UNMASKED_RENDERER_WEBGL ?? gl.RENDERER))
        : 'no WebGL 2',
    };
  });
}
