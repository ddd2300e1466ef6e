// Opens an authorization URL in Debian's headless Chromium (through playwright-core),
// signs in as CHROMIUM_USER at the test provider's sign-in page, approves its consent
// page, follows the redirect to connectors' loopback listener, and writes what the
// browser ended on (status, URL, title, text) as JSON to CHROMIUM_RESULT. Used as
// $BROWSER by the tests: connectors runs it with the URL as its one argument.
import { renameSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const url = process.argv[2];
const out = process.env.CHROMIUM_RESULT;
const user = process.env.CHROMIUM_USER || 'ada';
// Written whole, then renamed, so that the test never reads half a report.
const report = (doc) => {
  writeFileSync(`${out}.part`, JSON.stringify(doc));
  renameSync(`${out}.part`, out);
};

let browser;
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    // As root in a sandboxed machine with no network: no sandbox, no background traffic.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  await page.goto(url);
  await page.fill('input[name=login]', user);
  await Promise.all([page.waitForURL(/\/interaction\//), page.click('button[name=submit]')]);
  await page.waitForSelector('button[name=approve]');
  const landed = page.waitForResponse((r) => r.url().includes('/api/external-auth/callback'));
  await page.click('button[name=approve]');
  const response = await landed;
  await page.waitForLoadState('load');
  report({
    status: response.status(),
    url: page.url(),
    title: await page.title(),
    text: (await page.textContent('body')).trim(),
  });
} catch (e) {
  report({ error: String(e) });
} finally {
  if (browser) await browser.close();
}
