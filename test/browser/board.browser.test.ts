import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eventually, startE2eApp, type E2eApp } from '../helpers/e2e-app';
import { chromiumPath, ensureWebAppBuilt, howToEnableBrowserTests, launchChromium, screenshot, viewports } from '../helpers/browser';
import { openBoardFixture, settleBoardFixture, type BoardFixture } from '../helpers/board-fixture';

const browserFound = chromiumPath() !== null;
if (!browserFound) console.log(howToEnableBrowserTests);
const describeInBrowser = browserFound ? describe : describe.skip;

/**
 * The web page in real Chromium against the API and a worker (dev server, PostgreSQL): sign-in and
 * sign-out, the board's standings, colours and counts against tickets in known standings, keyboard
 * use of the filters, a customer's view, a live update after an action through the API, and the
 * timeline of a ticket that was paused and then breached. Every page is photographed at 1280×800
 * and at phone width into .cache/screenshots.
 */
describeInBrowser('the SLA board in Chromium', () => {
  let app: E2eApp;
  let browser: Browser;
  let fixture: BoardFixture;
  let agentKey: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ensureWebAppBuilt();
    app = await startE2eApp();
    browser = await launchChromium();
    fixture = await openBoardFixture(app);
    agentKey = await app.keyFor('agent');
    await settleBoardFixture(app, fixture);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
  });

  async function newPage(viewport: { width: number; height: number } = viewports.desktop): Promise<Page> {
    const context = await browser.newContext({ viewport, timezoneId: 'Europe/Rome', locale: 'en-GB' });
    contexts.push(context);
    return context.newPage();
  }

  async function signIn(page: Page, key: string, hash = ''): Promise<void> {
    await page.goto(`${app.baseUrl}/${hash}`);
    await page.fill('#api-key', key);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=who]');
  }

  const boardHash = () => `#/board?policy=${fixture.policyId}`;

  it('signs in with a key kept for the tab only, shows who is signed in, and signs out', async () => {
    const page = await newPage();
    await page.goto(`${app.baseUrl}/`);
    await screenshot(page, 'sign-in-desktop');
    await page.fill('#api-key', 'not-a-key-at-all');
    await page.click('button[type=submit]');
    await expect(page.textContent('[role=alert]')).resolves.toContain('not accepted');
    await signIn(page, agentKey);
    await expect(page.textContent('[data-testid=who]')).resolves.toContain('agent');
    // The key is in sessionStorage, not in the URL.
    expect(page.url()).not.toContain(agentKey);
    await expect(page.evaluate(`sessionStorage.getItem('slaflow.apiKey')`)).resolves.toBe(agentKey);
    await page.click('button.signout');
    await page.waitForSelector('#api-key');
    await expect(page.evaluate(`sessionStorage.getItem('slaflow.apiKey')`)).resolves.toBeNull();

    const phone = await newPage(viewports.phone);
    await phone.goto(`${app.baseUrl}/`);
    await screenshot(phone, 'sign-in-phone');
  });

  it('shows each ticket with its standing in colour, icon and word, and the counts, against tickets in known standings', async () => {
    const page = await newPage();
    await signIn(page, agentKey, boardHash());
    await page.waitForSelector(`tr[data-ticket="${fixture.tickets.met}"]`);
    for (const [standing, count] of Object.entries({ running: '1', 'at-risk': '1', breached: '1', paused: '1', met: '1' })) {
      await expect(page.textContent(`[data-testid=count-${standing}]`)).resolves.toBe(count);
    }
    const rowStanding = (ticketId: string) => page.getAttribute(`tr[data-ticket="${ticketId}"] .badge`, 'data-standing');
    await expect(rowStanding(fixture.tickets.breached)).resolves.toBe('breached');
    await expect(rowStanding(fixture.tickets.atRisk)).resolves.toBe('at-risk');
    await expect(rowStanding(fixture.tickets.running)).resolves.toBe('running');
    await expect(rowStanding(fixture.tickets.paused)).resolves.toBe('paused');
    await expect(rowStanding(fixture.tickets.met)).resolves.toBe('met');
    // Colour and word: the breached badge is red and says so.
    const breachedBadge = page.locator(`tr[data-ticket="${fixture.tickets.breached}"] .badge`);
    await expect(breachedBadge.evaluate((node) => node.ownerDocument.defaultView!.getComputedStyle(node).color)).resolves.toBe('rgb(179, 38, 30)');
    await expect(breachedBadge.textContent()).resolves.toContain('Breached');
    // The breached clock counts how late it is; the running one how much is left.
    await expect(page.textContent(`tr[data-ticket="${fixture.tickets.breached}"] [data-clock=acknowledge] .clock-time`)).resolves.toMatch(
      /^late by /,
    );
    await expect(page.textContent(`tr[data-ticket="${fixture.tickets.running}"] [data-clock=acknowledge] .clock-time`)).resolves.toMatch(/ left$/);
    // The breached ticket leads (its deadline is the earliest).
    await expect(page.getAttribute('tbody tr:first-child', 'data-ticket')).resolves.toBe(fixture.tickets.breached);
    await screenshot(page, 'board-desktop');

    const phone = await newPage(viewports.phone);
    await signIn(phone, agentKey, boardHash());
    await phone.waitForSelector(`tr[data-ticket="${fixture.tickets.met}"]`);
    await screenshot(phone, 'board-phone');
  });

  it('filters from the keyboard, keeps the filters in the URL, and shows the focus', async () => {
    const page = await newPage();
    await signIn(page, agentKey, boardHash());
    await page.waitForSelector(`tr[data-ticket="${fixture.tickets.met}"]`);
    await page.focus('.filters select');
    // Tab through the filters to "At risk only", then tick it with the space bar.
    for (let step = 0; step < 12; step++) {
      const label = await page.evaluate(`document.activeElement?.closest('label')?.textContent?.trim() ?? ''`);
      if (label === 'At risk only') break;
      await page.keyboard.press('Tab');
    }
    const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).not.toBe('none');
    await page.keyboard.press('Space');
    await page.waitForFunction(`location.hash.includes('atRisk=true')`);
    await page.waitForFunction(`document.querySelectorAll('tbody tr').length === 1`);
    await expect(page.getAttribute('tbody tr', 'data-ticket')).resolves.toBe(fixture.tickets.atRisk);
    // The URL is the view: opened afresh, it shows the same.
    const shared = await newPage();
    await signIn(shared, agentKey, new URL(page.url()).hash);
    await shared.waitForFunction(`document.querySelectorAll('tbody tr').length === 1`);
    await expect(shared.getAttribute('tbody tr', 'data-ticket')).resolves.toBe(fixture.tickets.atRisk);
  });

  it("shows a customer its own organisation's tickets only", async () => {
    const page = await newPage();
    await signIn(page, await app.keyFor({ customer: fixture.otherOrganisation }), boardHash());
    await expect(page.textContent('[data-testid=who]')).resolves.toContain(fixture.otherOrganisation);
    await page.waitForSelector(`tr[data-ticket="${fixture.tickets.paused}"]`);
    const shown = await page.$$eval('tbody tr', (rows) => rows.map((row) => row.getAttribute('data-ticket')));
    expect(shown.sort()).toEqual([fixture.tickets.breached, fixture.tickets.paused].sort());
    await expect(page.locator('.filters input[type=search]').count()).resolves.toBe(1); // assignee only: no organisation filter
  });

  it('shows an action taken through the API without reloading (Server-Sent Events)', async () => {
    const page = await newPage();
    await signIn(page, agentKey, boardHash());
    await page.waitForSelector('[data-testid=live]:has-text("live")');
    await page.evaluate(`window.marker = 'not reloaded'`);
    const opened = await app.http('POST', '/tickets', {
      body: { policy: fixture.policyId, plan: 'standard', priority: 'P3', organisation: fixture.organisation, subject: 'Opened while watching' },
    });
    expect(opened.status).toBe(201);
    const started = Date.now();
    await page.waitForSelector(`tr[data-ticket="${opened.body.ticketId}"]`, { timeout: 10_000 });
    console.log(`live update: the new ticket was on the board ${Date.now() - started} ms after the API answered`);
    await expect(page.evaluate('window.marker')).resolves.toBe('not reloaded');
    await expect(page.textContent('[data-testid=count-running]')).resolves.toBe('2');
  });

  it('draws the timeline of a ticket that was paused and then breached', async () => {
    const organisation = `${fixture.organisation}-timeline`;
    const opened = await app.http('POST', '/tickets', {
      body: { policy: fixture.policyId, plan: 'standard', priority: 'P5', organisation, subject: 'Paused, then breached' },
    });
    expect(opened.status).toBe(201);
    const ticketId: string = opened.body.ticketId;
    expect((await app.http('POST', `/tickets/${ticketId}/info-requests`, { body: { body: 'Logs, please.' } })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await app.http('POST', `/tickets/${ticketId}/replies`, { body: { body: 'Attached.' }, as: { customer: organisation } })).status).toBe(
      200,
    );
    const breached = await eventually(
      async () => (await app.http('GET', `/tickets/${ticketId}`)).body,
      (state) => state.clocks?.find((c: { clock: string }) => c.clock === 'resolve')?.breachCount === 1,
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    expect(breached.clocks.find((c: { clock: string }) => c.clock === 'resolve').breachCount).toBe(1);

    const page = await newPage();
    await signIn(page, agentKey, `#/tickets/${ticketId}`);
    const timeline = page.locator('figure.timeline[data-clock=resolve]');
    await timeline.waitFor();
    await expect(timeline.locator('[data-kind=running]').count()).resolves.toBeGreaterThan(0);
    await expect(timeline.locator('[data-kind=paused]').count()).resolves.toBeGreaterThan(0);
    await expect(timeline.locator('svg [data-kind=late]').count()).resolves.toBe(1);
    await expect(timeline.locator('[data-mark=breach]').count()).resolves.toBe(1);
    await expect(timeline.locator('[data-mark=now]').count()).resolves.toBe(1);
    // In time order: running, paused, running, late.
    const kinds = await timeline.locator('svg rect[data-kind]').evaluateAll((rects) => rects.map((rect) => rect.getAttribute('data-kind')));
    expect(kinds).toEqual(['running', 'paused', 'running', 'late']);
    await expect(page.textContent('.history')).resolves.toContain('awaiting-customer');
    await expect(page.textContent('table.audit')).resolves.toContain('customer (key');
    await screenshot(page, 'ticket-desktop');

    const phone = await newPage(viewports.phone);
    await signIn(phone, agentKey, `#/tickets/${ticketId}`);
    await phone.locator('figure.timeline[data-clock=resolve]').waitFor();
    await screenshot(phone, 'ticket-phone');
  });

  it("charts the report with the API's numbers, drills into a cell's breaches, and downloads the CSV", async () => {
    const reportQuery = `policy=${fixture.policyId}&groupBy=priority&from=2020-01-01&to=2099-01-01`;
    const api = await app.http('GET', `/reports/sla?${reportQuery}`);
    expect(api.status).toBe(200);
    const apiRows = (api.body.rows as Array<{ priority: string; total: number; met: number; breached: number }>).map((row) => [
      row.priority,
      String(row.total),
      String(row.met),
      String(row.breached),
    ]);
    expect(apiRows.length).toBeGreaterThan(1);

    const page = await newPage();
    await signIn(page, agentKey, `#/reports?${reportQuery}`);
    await page.waitForSelector('[data-testid=report] tbody tr');
    const shown = await page.$$eval('[data-testid=report] tbody tr', (rows) =>
      rows.map((row) => [row.querySelector('th')!.textContent, ...[...row.querySelectorAll('td')].slice(0, 3).map((cell) => cell.textContent)]),
    );
    expect(shown).toEqual(apiRows);
    await screenshot(page, 'reports-desktop');

    // The P1 row's breach: the drill-down lists it, linked to its ticket.
    await page.click('[data-testid=report] tr[data-key=P1] button');
    await page.waitForSelector('[data-testid=drill] tbody tr');
    await expect(page.getAttribute('[data-testid=drill] tbody tr a', 'href')).resolves.toBe(`#/tickets/${fixture.tickets.breached}`);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Download CSV')]);
    const saved = await download.path();
    const csv = await fetch(`${app.baseUrl}/reports/sla?${reportQuery}&format=csv`, { headers: { authorization: `Bearer ${agentKey}` } });
    expect(readFileSync(saved!, 'utf8')).toBe(await csv.text());

    const phone = await newPage(viewports.phone);
    await signIn(phone, agentKey, `#/reports?${reportQuery}`);
    await phone.waitForSelector('[data-testid=report] tbody tr');
    await screenshot(phone, 'reports-phone');
  });

  it("opens the organisation's printable statement", async () => {
    const month = new Date().toISOString().slice(0, 7);
    for (const [name, viewport] of Object.entries(viewports)) {
      const page = await newPage(viewport);
      await signIn(page, await app.keyFor({ customer: fixture.organisation }), `#/statement?month=${month}`);
      await screenshot(page, `statement-form-${name}`);
      const [statement] = await Promise.all([page.context().waitForEvent('page'), page.click('button[type=submit]')]);
      await statement.waitForLoadState();
      await statement.waitForFunction(`document.body && document.body.textContent.includes(${JSON.stringify(fixture.organisation)})`);
      await screenshot(statement, `statement-${name}`);
    }
  });

  it('shows operations the failing notifications page, and no one else its link', async () => {
    const agent = await newPage();
    await signIn(agent, agentKey);
    await expect(agent.locator('header nav a', { hasText: 'Notifications' }).count()).resolves.toBe(0);
    for (const [name, viewport] of Object.entries(viewports)) {
      const page = await newPage(viewport);
      await signIn(page, app.bootstrapKey, '#/notifications');
      await page.waitForSelector('main.notifications :is(.empty, table, .error)');
      await expect(page.locator('main.notifications .error').count()).resolves.toBe(0);
      await expect(page.locator('header nav a', { hasText: 'Notifications' }).getAttribute('aria-current')).resolves.toBe('page');
      await screenshot(page, `notifications-${name}`);
    }
  });
});
