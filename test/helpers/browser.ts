import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../infra/browser/chromium';
import { cacheDir, projectRoot } from '../../infra/paths';
import { webAppDir } from '../../api/board/web-app';

export { chromiumPath };

export const howToEnableBrowserTests =
  'browser tests skipped: no Chromium found; install it (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary';

/** Builds the web application when it is missing (npm test builds it before the suite; a bare jest run may not have). */
export function ensureWebAppBuilt(): void {
  if (existsSync(join(webAppDir, 'index.html'))) return;
  const vite = spawnSync(
    process.execPath,
    [join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.mts'],
    {
      cwd: projectRoot,
      encoding: 'utf8',
    },
  );
  if (vite.status !== 0) throw new Error(`vite build failed: ${vite.stdout}${vite.stderr}`);
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(howToEnableBrowserTests);
  return chromium.launch({ executablePath, args: chromiumArgs });
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
