import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { cacheDir, projectRoot } from '../../infra/paths';
import { webAppDir } from '../../api/board/web-app';

/**
 * Chromium for the browser tests: CHROMIUM_PATH, or Debian's `chromium` package
 * (`apt-get install -y chromium`; `.ci/run` installs it). Playwright's own browser download does
 * not reach this project's machines, so playwright-core drives the system's.
 */
export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((path): path is string => !!path && existsSync(path)) ?? null;
}

export const howToEnableBrowserTests =
  'browser tests skipped: no Chromium found; install it (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary';

/** Builds the web application when it is missing (npm test builds it before the suite; a bare jest run may not have). */
export function ensureWebAppBuilt(): void {
  if (existsSync(join(webAppDir, 'index.html'))) return;
  const vite = spawnSync(process.execPath, [join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts'], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  if (vite.status !== 0) throw new Error(`vite build failed: ${vite.stdout}${vite.stderr}`);
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(howToEnableBrowserTests);
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export const viewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** Screenshots go to an ignored folder, for people to look at (README "Browser tests"). */
export const screenshotDir = join(cacheDir, 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}
