import { existsSync } from 'node:fs';

/**
 * The Chromium the browser tests and the board benchmark drive with playwright-core: CHROMIUM_PATH,
 * or Debian's `chromium` package (`apt-get install -y chromium`; `.ci/run` installs it when it is
 * missing). Playwright's own browser download does not reach this project's machines.
 */
export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((path): path is string => !!path && existsSync(path)) ?? null;
}

/** Launch arguments: CI runs as root, where Chromium's sandbox refuses to start; /dev/shm is small in containers. */
export const chromiumArgs = ['--no-sandbox', '--disable-dev-shm-usage'];
