// Drives examples/scheduling-app in Debian's headless Chromium (through playwright-core)
// as one person: signs in to the app as APP_USER, clicks "Connect your calendar", signs
// in at the provider as PROVIDER_USER (the test OpenID Connect server's sign-in and
// consent pages, or the sandbox's one page), approves (or denies, with DECISION=deny),
// and follows the provider back to the app. Writes what the browser ended on (status,
// URL, title, text, the account shown) as JSON to RESULT. Usage: node example_app.mjs APP_URL
import { renameSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const appUrl = process.argv[2];
const out = process.env.RESULT;
const appUser = process.env.APP_USER;
const providerUser = process.env.PROVIDER_USER;
const decision = process.env.DECISION || 'approve';
const report = (doc) => {
  writeFileSync(`${out}.part`, JSON.stringify(doc));
  renameSync(`${out}.part`, out);
};

let browser;
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  await page.goto(appUrl);
  await page.fill('input[name=name]', appUser);
  await Promise.all([page.waitForLoadState('load'), page.click('button[name=signin]')]);
  await page.waitForSelector('button[name=connect]');
  await Promise.all([page.waitForURL((u) => !u.href.startsWith(appUrl)), page.click('button[name=connect]')]);
  if (await page.$('input[name=login]')) {
    // The OpenID Connect server: a sign-in page, then a consent page.
    await page.fill('input[name=login]', providerUser);
    await Promise.all([page.waitForURL(/\/interaction\//), page.click('button[name=submit]')]);
    await page.waitForSelector('button[name=approve]');
    const button = decision === 'deny' ? 'button[name=deny]' : 'button[name=approve]';
    await Promise.all([page.waitForURL((u) => u.href.startsWith(appUrl), { timeout: 30000 }), page.click(button)]);
  } else {
    // The sandbox: one page to sign in and decide.
    await page.fill('input[name=user]', providerUser);
    await Promise.all([page.waitForURL((u) => u.href.startsWith(appUrl), { timeout: 30000 }),
      page.click(`button[value=${decision}]`)]);
  }
  await page.waitForLoadState('load');
  const account = await page.$('.account');
  const error = await page.$('.error');
  report({
    url: page.url(),
    title: await page.title(),
    text: (await page.textContent('body')).trim(),
    account: account ? (await account.textContent()).trim() : null,
    error_code: error ? await error.getAttribute('data-code') : null,
  });
} catch (e) {
  report({ error: String(e) });
} finally {
  if (browser) await browser.close();
}
