// Headless Chromium (Debian's, driven by playwright-core) and a static file server for the
// playground's dist/, as the browser tests and the screenshot script use them.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';

import { here } from './helpers.mjs';

export const dist = here('../playground/dist/');
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Serves dist/ with `python3 -m http.server` on a free loopback port. */
export async function serve() {
  if (!existsSync(`${dist}index.html`)) throw new Error(`${dist}index.html is missing: run build.sh first`);
  const port = await freePort();
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dist], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; ; i++) {
    try {
      await fetch(url);
      break;
    } catch (error) {
      if (i === 100 || server.exitCode !== null) {
        server.kill();
        throw new Error(`the static server did not start: ${error.message}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, close: () => server.kill() };
}

/** Headless Chromium with the flags that work on this machine (see toolchain.md). */
export function launch() {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** A fresh page (empty storage) on the playground, once it says it is ready. */
export async function openPlayground(browser, url, { width = 1440, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 15000 });
  return { page, context, errors };
}
