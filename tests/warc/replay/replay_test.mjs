// A WACZ export opened in ReplayWeb.page (npm `replaywebpage`, pinned in package-lock.json) in
// Debian's headless chromium driven by playwright-core, all on loopback:
//  - one server on 127.0.0.1 serves ReplayWeb.page's own files (index.html, ui.js, its service
//    worker sw.js) and the .wacz (with HTTP range requests, which is how ReplayWeb.page reads it);
//  - no host name resolves in the browser, so nothing can leave the machine; every request that
//    the pages, their frames and ReplayWeb.page's service worker make is recorded (playwright);
//  - each report given is loaded by its URL in replay; its title must appear in the replayed page.
// Fails when a title does not appear within the timeout, or when any request went anywhere but the
// loopback server (the archived portal's own hosts included: replay must serve them from the WACZ).
// Usage: node replay_test.mjs WACZ PAGES_JSON SCREENSHOT_DIR
//   PAGES_JSON: [{"url": ..., "title": ...}, ...]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const [waczPath, pagesJson, shotDir] = process.argv.slice(2);
const pages = JSON.parse(fs.readFileSync(pagesJson, 'utf8'));
fs.mkdirSync(shotDir, { recursive: true });
const here = path.dirname(fileURLToPath(import.meta.url));
const rwp = path.join(here, 'node_modules', 'replaywebpage');
const kLoadTimeoutMs = 90_000;  // first load: the service worker starts and reads the WACZ index

const types = { '.html': 'text/html; charset=utf-8', '.js': 'application/javascript', '.json': 'application/json' };

// ReplayWeb.page's files and the WACZ; a Range request gets 206 with that slice.
const served = [];
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  served.push(`${req.method} ${url.pathname}`);
  let file = null;
  if (url.pathname === '/' || url.pathname === '/index.html') file = path.join(rwp, 'index.html');
  else if (url.pathname === '/ui.js' || url.pathname === '/sw.js') file = path.join(rwp, url.pathname);
  else if (url.pathname === '/export.wacz') file = waczPath;
  if (!file || !fs.existsSync(file)) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
    return;
  }
  const size = fs.statSync(file).size;
  const headers = {
    'Content-Type': types[path.extname(file)] || 'application/octet-stream',
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'no-store',
  };
  if (url.pathname === '/sw.js') headers['Service-Worker-Allowed'] = '/';
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range || '');
  let start = 0;
  let end = size - 1;
  let status = 200;
  if (range) {
    if (range[1] === '') {
      start = Math.max(0, size - Number(range[2]));
    } else {
      start = Number(range[1]);
      if (range[2] !== '') end = Math.min(end, Number(range[2]));
    }
    if (start > end || start >= size) {
      res.writeHead(416, { 'Content-Range': `bytes */${size}` });
      res.end();
      return;
    }
    status = 206;
    headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  }
  headers['Content-Length'] = end - start + 1;
  res.writeHead(status, headers);
  if (req.method === 'HEAD') res.end();
  else fs.createReadStream(file, { start, end }).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  // No host name resolves but 127.0.0.1 (the loopback server): nothing can leave the
  // machine, Chromium's own services (component updates, sign-in) included. What the replay tries
  // is still seen: every request of the pages, frames and the service worker is checked below.
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check',
         '--disable-background-networking', '--disable-component-update', '--disable-domain-reliability',
         '--disable-sync', '--disable-extensions', '--disable-default-apps', '--disable-breakpad',
         '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});
const context = await browser.newContext();
const foreign = [];  // requests the browser made to anything but our server
let seenByBrowser = 0;  // pages' and the service worker's requests, as playwright reports them
const watch = (request) => {
  const url = request.url();
  seenByBrowser++;
  if (!url.startsWith(base + '/') && !url.startsWith('blob:') && !url.startsWith('data:')) foreign.push(url);
};
context.on('request', watch);
context.on('serviceworker', (worker) => console.log(`service worker: ${worker.url()}`));
const page = await context.newPage();
page.on('pageerror', (error) => console.log(`page error: ${error.message}`));

// The replayed document of a report: the frame under the service worker's /w/ prefix.
function replayFrame(url) {
  return page.frames().find((f) => f.url().includes('/w/') && f.url().includes(url.replace(/^https?:\/\//, '')));
}

let failures = 0;
for (const [i, { url, title }] of pages.entries()) {
  const target = `${base}/?source=${encodeURIComponent(base + '/export.wacz')}#view=replay&url=${encodeURIComponent(url)}`;
  await page.goto(target);
  const deadline = Date.now() + kLoadTimeoutMs;
  let seen = '';
  while (Date.now() < deadline) {
    const frame = replayFrame(url);
    if (frame) {
      seen = await frame.evaluate(() => `${document.title}\n${document.body ? document.body.innerText : ''}`).catch(() => '');
      if (seen.includes(title)) break;
    }
    await page.waitForTimeout(500);
  }
  await page.screenshot({ path: path.join(shotDir, `replay-${i}.png`) });
  if (seen.includes(title)) {
    console.log(`replayed ${url}: title "${title}" shown`);
  } else {
    failures++;
    const frames = page.frames().map((f) => f.url()).join('\n  ');
    console.log(`FAIL: ${url}: title "${title}" not shown within ${kLoadTimeoutMs / 1000} s; frames:\n  ${frames}\n` +
                `  replayed text: ${JSON.stringify(seen.slice(0, 300))}`);
  }
}
await browser.close();
server.close();

console.log(`${served.length} requests to the loopback server (${served.filter((s) => s.endsWith('/export.wacz')).length} ` +
            `for the WACZ); ${seenByBrowser} requests seen by the browser`);
if (served.filter((s) => s.endsWith('/export.wacz')).length === 0) {
  failures++;
  console.log('FAIL: the WACZ was never read from the loopback server');
}
if (foreign.length > 0) {
  failures++;
  console.log(`FAIL: requests to anything but the loopback server:\n  ${foreign.join('\n  ')}`);
}
console.log(failures === 0 ? `PASS: ${pages.length} reports replayed from the WACZ, no request left loopback`
                           : `FAIL: ${failures} failures`);
process.exit(failures === 0 ? 0 : 1);
