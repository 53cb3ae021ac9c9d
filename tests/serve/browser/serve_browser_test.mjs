// gongkai serve in a real browser: Debian's headless chromium, driven by playwright-core.
//  1. search -> report -> provenance -> raw view (and coverage, runs, diff), a screenshot of each
//     page saved for a person to look at;
//  2. the hostile archived page (fixture_archive.cc) opened in the raw view makes ZERO requests to a
//     loopback "outside" server that all its scripts, images, frames, imports, refresh and form aim
//     at, and runs no script;
//  3. with DEMO_DIR (an archive crawled from the simulated portal, serve_demo_archive.sh): the search
//     form's region and report-year filters, a report's statistics tables with a failing check
//     marked, and coverage per agency and report year, each with a screenshot.
// Usage: node serve_browser_test.mjs GONGKAI SERVE_FIXTURE WORK_DIR SCREENSHOT_DIR [DEMO_DIR]
import { spawn, execFileSync } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const [gongkai, fixture, workDir, shotDir, demoDir] = process.argv.slice(2);
fs.mkdirSync(workDir, { recursive: true });
fs.mkdirSync(shotDir, { recursive: true });

// The "outside": every request and every TCP connection it receives is a failure.
const outsideRequests = [];
let outsideConnections = 0;
const outside = http.createServer((req, res) => {
  outsideRequests.push(`${req.method} ${req.url}`);
  res.end('outside');
});
outside.on('connection', () => { outsideConnections++; });
await new Promise((resolve) => outside.listen(0, '127.0.0.1', resolve));
const outsideUrl = `http://127.0.0.1:${outside.address().port}`;

const archive = path.join(workDir, 'browser.sqlite');
const ids = JSON.parse(execFileSync(fixture, [archive, outsideUrl]).toString());

// Starts `gongkai serve` with these arguments; resolves to the server and its two ports.
function serve(args) {
  const server = spawn(gongkai, ['serve', ...args, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const pages = out.match(/pages and API +http:\/\/127\.0\.0\.1:(\d+)\//);
      const raw = out.match(/raw view +http:\/\/127\.0\.0\.1:(\d+)\//);
      if (pages && raw) resolve({ server, pages: Number(pages[1]), raw: Number(raw[1]) });
    });
    server.on('exit', (code) => reject(new Error(`gongkai serve exited with ${code}`)));
  });
}
const { server, ...ports } = await serve(['--archive', archive]);
const demo = demoDir ? await serve(['--archive', path.join(demoDir, 'demo.sqlite'), '--seeds', path.join(demoDir, 'seeds.toml')]) : null;
const base = `http://127.0.0.1:${ports.pages}`;
const rawOrigin = `http://127.0.0.1:${ports.raw}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-domain-reliability', '--disable-sync'],
});
let failures = 0;
async function step(name, fn) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}\n${e.stack || e}`);
  }
}
const shot = (page, name) => page.screenshot({ path: path.join(shotDir, name), fullPage: true });

try {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, javaScriptEnabled: true });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));

  await step('search -> report -> provenance -> raw view', async () => {
    await page.goto(`${base}/`);
    await shot(page, '01-home.png');
    await page.fill('input[name=q]', '依申请公开');
    await Promise.all([page.waitForURL(/\/search\?/), page.click('button[type=submit]')]);
    assert.match(await page.textContent('#total'), /31/);
    assert.ok(await page.locator('mark', { hasText: '依申请公开' }).count() > 0, 'highlighted matches');
    await shot(page, '02-search.png');
    await page.fill('input[name=q]', '推进政务公开');
    await Promise.all([page.waitForURL(/q=/), page.click('button[type=submit]')]);
    await Promise.all([page.waitForURL(/\/report\/\d+$/), page.click('ol.results a.title')]);
    assert.equal(await page.textContent('h1'), '测试市2023年政府信息公开工作年度报告');
    assert.equal(await page.locator('table.grid th', { hasText: '本年新制作数量' }).count(), 1, 'table as a grid');
    assert.equal(await page.locator('.text h2', { hasText: '一、总体情况' }).count(), 1, 'heading');
    await shot(page, '03-report.png');
    await Promise.all([page.waitForURL(/\/provenance\//), page.click('text=来源 provenance')]);
    assert.equal(await page.locator('ol.chain > li').count(), 2, 'seed -> report');
    assert.match(await page.textContent('ol.chain'), /User-Agent: gongkai/);
    await shot(page, '04-provenance.png');
    await page.goBack();
    await Promise.all([page.waitForURL(/\/raw\/\d+/), page.click('text=原始页面 raw view')]);
    assert.ok(page.url().startsWith(`${rawOrigin}/raw/${ids.report}`), page.url());
    await page.waitForLoadState('networkidle');
    // The archived stylesheet and logo came from the raw origin: the CSP lets archived copies in.
    const logoWidth = await page.$eval('img.logo', (img) => img.naturalWidth);
    assert.equal(logoWidth, 1, 'archived image loaded from the archive');
    assert.ok(requests.includes(`${rawOrigin}/raw/${ids.stylesheet}`), 'archived stylesheet requested');
    await shot(page, '05-raw.png');
  });

  await step('coverage, runs and diff pages', async () => {
    await page.goto(`${base}/coverage`);
    assert.equal(await page.locator('svg rect').count() > 0, true, 'inline SVG chart');
    await shot(page, '06-coverage.png');
    await page.goto(`${base}/runs`);
    await shot(page, '07-runs.png');
    await page.goto(`${base}/diff?a=${ids.old_report}&b=${ids.report}`);
    assert.ok(await page.locator('.diff .add').count() > 0);
    await shot(page, '08-diff.png');
  });

  await step('the pages themselves load nothing from outside the server', async () => {
    const foreign = requests.filter((u) => !u.startsWith(base) && !u.startsWith(rawOrigin));
    assert.deepEqual(foreign, []);
  });

  await step('hostile archived page: zero requests outside, no script ran', async () => {
    const hostile = await context.newPage();
    const seen = [];
    hostile.on('request', (r) => seen.push(r.url()));
    const dialogs = [];
    hostile.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    await hostile.goto(`${rawOrigin}/raw/${ids.hostile}`);
    await hostile.waitForLoadState('networkidle');
    assert.equal(await hostile.textContent('#marker'), 'hostile archived page', 'the page rendered');
    // Clicking its links goes nowhere outside either.
    await hostile.click('#out', { timeout: 2000 }).catch(() => {});
    await hostile.click('#js', { timeout: 2000 }).catch(() => {});
    await hostile.click('#submit', { timeout: 2000 }).catch(() => {});  // the form goes nowhere
    await hostile.waitForLoadState('networkidle');
    assert.ok(hostile.url().startsWith(`${rawOrigin}/raw/${ids.hostile}`), `no refresh/navigation: ${hostile.url()}`);
    // Evaluated by the test through the DevTools protocol, not by the page.
    const ran = await hostile.evaluate(() => typeof window.__ran !== 'undefined');
    assert.equal(ran, false, 'a script of the archived page ran');
    const cookieBlocked = await hostile.evaluate(() => { try { return document.cookie === ''; } catch { return true; } });
    assert.equal(cookieBlocked, true, 'no archived cookie');
    assert.deepEqual(dialogs, []);
    await shot(hostile, '09-hostile-raw.png');
    // about:invalid (what unarchived CSS URLs become) is no network request.
    const foreign = seen.filter((u) => !u.startsWith(rawOrigin) && !u.startsWith('about:'));
    assert.deepEqual(foreign, [], 'the browser asked only the raw origin');
    const cookies = await context.cookies();
    assert.deepEqual(cookies, [], 'no cookie was set');
    assert.deepEqual(outsideRequests, [], 'requests reached the outside server');
    assert.equal(outsideConnections, 0, 'connections reached the outside server');
  });

  if (demo) {
    const demoBase = `http://127.0.0.1:${demo.pages}`;
    const demoPage = await context.newPage();
    const demoRequests = [];
    demoPage.on('request', (r) => demoRequests.push(r.url()));

    await step('demo archive: search by region and report year', async () => {
      await demoPage.goto(`${demoBase}/`);
      await demoPage.fill('input[name=q]', '年度报告');
      await demoPage.selectOption('select[name=region]', '福建省');
      await demoPage.fill('input[name=report_year]', '2022');
      await Promise.all([demoPage.waitForURL(/region=/), demoPage.click('button[type=submit]')]);
      const regions = await demoPage.locator('ol.results .region').allTextContents();
      assert.ok(regions.length > 0, 'results in 福建省');
      assert.ok(regions.every((r) => r.startsWith('福建省')), regions.join(','));
      const years = await demoPage.locator('ol.results .ry').allTextContents();
      assert.ok(years.length === regions.length && years.every((y) => y === '2022年度'), years.join(','));
      await shot(demoPage, '10-search-region-report-year.png');
    });

    await step('demo archive: a report with its statistics tables and a failing check', async () => {
      const found = await (await fetch(`${demoBase}/api/search?q=${encodeURIComponent('年度报告')}&per_page=100`)).json();
      const failing = found.results.find((r) => r.statistics && r.statistics.failed_checks > 0);
      assert.ok(failing, 'a report whose tables break a rule');
      await demoPage.goto(`${demoBase}/report/${failing.id}`);
      for (const table of ['t2', 't3', 't4']) assert.equal(await demoPage.locator(`table.stats.${table}`).count(), 1, table);
      assert.ok(await demoPage.locator('table.stats td.fail').count() > 0, 'failing cells marked');
      assert.equal(await demoPage.locator('table.checks td.FAIL').count(), failing.statistics.failed_checks);
      const json = await (await fetch(`${demoBase}/api/report/${failing.id}`)).json();
      const natural = json.statistics.cells['t3.new.natural'];
      const shown = await demoPage.textContent('td[data-field="t3.new.natural"]');
      assert.equal(shown, natural === null ? shown : String(natural), 't3.new.natural as stored');
      await shot(demoPage, '11-report-statistics.png');
      await demoPage.locator('#statistics').screenshot({ path: path.join(shotDir, '12-statistics-section.png') });
      await demoPage.locator('table.stats.t3').screenshot({ path: path.join(shotDir, '12a-table3.png') });
      await demoPage.locator('table.checks.failing').screenshot({ path: path.join(shotDir, '12b-failing-checks.png') });
      const passing = found.results.find((r) => r.statistics && r.statistics.failed_checks === 0);
      if (passing) {
        await demoPage.goto(`${demoBase}/report/${passing.id}`);
        assert.equal(await demoPage.locator('table.stats td.fail').count(), 0, 'a passing report marks nothing');
        await demoPage.locator('#statistics').screenshot({ path: path.join(shotDir, '13-statistics-passing.png') });
      }
    });

    await step('demo archive: coverage per agency and report year', async () => {
      await demoPage.goto(`${demoBase}/coverage`);
      assert.ok(await demoPage.locator('table.agencies tr').count() > 3, 'agency rows');
      assert.ok(await demoPage.locator('table.agencies td.missing').count() > 0, 'agency-years without a report');
      await shot(demoPage, '14-coverage-agencies.png');
      const foreign = demoRequests.filter((u) => !u.startsWith(demoBase));
      assert.deepEqual(foreign, [], 'the pages load nothing from elsewhere');
    });
  }
} finally {
  await browser.close();
  for (const s of demo ? [server, demo.server] : [server]) {
    s.kill('SIGTERM');
    await new Promise((resolve) => s.on('exit', resolve));
  }
  outside.close();
}
console.log(`screenshots in ${shotDir}`);
if (failures > 0) {
  console.log(`${failures} step(s) failed`);
  process.exit(1);
}
