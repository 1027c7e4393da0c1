// System-browser finder for the WebGPU test driver (used by global-setup.ts).
// Looks for an already-installed Chromium or Chrome; it never downloads a browser.
// Order: SEQGPU_CHROMIUM, CHROME_PATH, PUPPETEER_EXECUTABLE_PATH, then the usual Linux and macOS paths.

import { accessSync, constants, statSync } from 'node:fs';

/** Environment variables that name a browser binary, strongest first. SEQGPU_CHROMIUM=none opts out. */
export const CHROMIUM_ENV_VARS = ['SEQGPU_CHROMIUM', 'CHROME_PATH', 'PUPPETEER_EXECUTABLE_PATH'] as const;

/** Well-known install locations, tried in order after the environment variables. */
export const CHROMIUM_PATHS: readonly string[] = [
  '/usr/bin/chromium', // Debian / Ubuntu (non-snap) `apt-get install chromium`
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary',
];

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface ChromiumLocation {
  path: string;
  /** Where the path came from: an env variable name or 'default path'. */
  source: string;
}

/**
 * Returns the first usable browser, or null. An env variable that is set but points at nothing usable is an
 * error (the user asked for that browser explicitly; silently falling back would hide their typo).
 */
export function locateChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLocation | null {
  for (const name of CHROMIUM_ENV_VARS) {
    const value = env[name]?.trim();
    if (!value) continue;
    if (name === 'SEQGPU_CHROMIUM' && value === 'none') return null; // explicit opt-out: skip WebGPU suites
    if (!isExecutableFile(value)) {
      throw new Error(`${name}=${value} is not an executable file; unset it or point it at a Chromium/Chrome binary`);
    }
    return { path: value, source: name };
  }
  for (const path of CHROMIUM_PATHS) {
    if (isExecutableFile(path)) return { path, source: 'default path' };
  }
  return null;
}

/** The path of an installed Chromium/Chrome, or null when none is found. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  return locateChromium(env)?.path ?? null;
}

/**
 * True where WebGPU suites must run rather than skip: CI (CI=true or CI=1) or SEQGPU_REQUIRE_WEBGPU set to
 * anything but '' / '0' / 'false'. Shared by global-setup.ts (fail the run) and remote.ts (fail, not skip).
 */
export function isWebGPURequired(env: NodeJS.ProcessEnv = process.env): boolean {
  const truthy = (v: string | undefined): boolean => v !== undefined && !['', '0', 'false'].includes(v.trim().toLowerCase());
  return env.CI === 'true' || env.CI === '1' || truthy(env.SEQGPU_REQUIRE_WEBGPU);
}
