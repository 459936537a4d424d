// The one way the dashboard's browser tests, its screenshot script and the dashboard benchmark
// start a browser (`dashboard/headless-chromium`): Debian's Chromium, headless, with a new empty
// profile and nothing of its own on the network.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium, which `scripts/setup.sh` installs. */
export const CHROMIUM = '/usr/bin/chromium';

/** No sandbox (containers), no GPU, and none of Chromium's own background requests. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Headless {@link CHROMIUM} with a new empty profile in a new folder under `tmp` (default: the
 * system's temporary folder) and a 1400×1000 viewport. The caller closes the context.
 */
export function launchHeadlessChromium(tmp: string = tmpdir()): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmp, 'hn-dashboard-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 1000 },
  });
}

/**
 * Whether the browser tests run: Debian's chromium must be installed (`bash scripts/setup.sh`
 * installs it). Outside CI a missing browser skips them with a message; in CI it fails them.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') {
    throw new Error(`${CHROMIUM} is missing in CI: scripts/setup.sh installs Debian's chromium.`);
  }
  process.stderr.write(
    `Skipping the dashboard's browser tests: ${CHROMIUM} is missing. Install it with \`apt-get install -y chromium\` (as root) or \`bash scripts/setup.sh\`.\n`,
  );
  return false;
}
