// Saves playground/screenshot.png: the playground as it opens, on its first example with its
// findings. Run after build.sh: `node scripts/screenshot.mjs [out.png]`.
import { fileURLToPath } from 'node:url';

import { launch, openPlayground, serve } from '../tests/browser.mjs';

const out = process.argv[2] ?? fileURLToPath(new URL('../playground/screenshot.png', import.meta.url));
const server = await serve();
const browser = await launch();
try {
  const { page } = await openPlayground(browser, server.url, { width: 1440, height: 860 });
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  server.close();
}
