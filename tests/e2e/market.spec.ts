// Issue 5: Settings (polling interval, limit, theme) and Rates — every pair's
// price, and a history chart that has points and grows with each poll.
import { screens } from './pages';
import { deskCall } from './support/bridge';
import { expect, test } from './support/fixtures';
import { pricePlaces } from './support/format';

test('settings apply at once, and the rate chart has points and grows with each poll', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();

  // ── Settings: a bad value is refused at the field; a good one is saved ──
  await s.shell.go('Settings');
  await expect(s.settings.polling).toHaveValue('5');
  await s.settings.polling.fill('0');
  await expect(s.settings.polling).toHaveAccessibleDescription(/A whole number of seconds from 1 to 300/);
  await expect(s.settings.save).toBeDisabled();
  await s.settings.theme.selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await s.settings.limit.fill('2500.50');
  await s.settings.setPolling(1);
  await desk.snapshot('settings');
  expect(await deskCall(page, 'settings.get', {})).toEqual({
    pollingIntervalSeconds: 1,
    perOrderLimitEur: '2500.50',
    // Solo: the desk's own limit.
    perOrderLimit: { source: 'desk', shared: false, setBy: null, setAtMs: null, note: null },
    retypeAtBalancePercent: 50,
    theme: 'dark',
  });
  await s.settings.theme.selectOption('light');
  await s.settings.save.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');

  // ── Rates: a row per pair with buy > sell ───────────────────────────────
  await s.shell.go('Rates');
  const pairs = await deskCall(page, 'market.pairs', {});
  expect(pairs.length).toBeGreaterThan(0);
  await expect(s.rates.table.locator('tbody tr')).toHaveCount(pairs.length);
  for (const pair of pairs) {
    const label = `${pair.replace(/eur$/, '').toUpperCase()}/EUR`;
    const row = s.rates.table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
    await expect(row).toContainText('€');
  }
  const latest = await deskCall(page, 'market.latest', {});
  for (const rate of latest) expect(Number(rate.priceBuy)).toBeGreaterThan(Number(rate.priceSell));

  // ── the chart: it has points, and they grow as rates arrive (1 s polls now) ──
  await s.rates.range('15 min').click();
  await expect(s.rates.range('15 min')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => s.rates.points(), { timeout: 15_000 }).toBeGreaterThan(0);
  const first = await s.rates.points();
  await expect(s.rates.chart).toHaveAccessibleName(new RegExp(`^BTC/EUR price chart, ${first} points$`));
  // Two polls later there are at least two more points, without reloading anything.
  await expect.poll(() => s.rates.points(), { timeout: 10_000, intervals: [250] }).toBeGreaterThanOrEqual(first + 2);
  const grown = await s.rates.points();
  await expect(s.rates.chart).toHaveAccessibleName(/^BTC\/EUR price chart, \d+ points$/);
  expect(Number(/(\d+) points$/.exec((await s.rates.chart.getAttribute('aria-label')) ?? '')?.[1])).toBeGreaterThanOrEqual(grown);
  // The line is drawn: an SVG path with as many segments as points (recharts draws one path).
  await expect(s.rates.chart.locator('path.recharts-curve, path.recharts-line-curve').first()).toBeAttached();
  await desk.snapshot('rates');

  // Another pair and the wider ranges chart what was recorded too.
  await s.rates.chartPair.selectOption('etheur');
  await expect(s.rates.chart).toHaveAccessibleName(/^ETH\/EUR price chart, \d+ points$/);
  await expect.poll(() => s.rates.points()).toBeGreaterThan(0);
  for (const range of ['1 h', '24 h', '7 d', 'All'] as const) {
    await s.rates.range(range).click();
    await expect(s.rates.range(range)).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(() => s.rates.points()).toBeGreaterThanOrEqual(first);
  }
});

test('rates: one precision per pair, a flat change is neutral, and a rate not renewed is marked stale', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();

  // Polls every second: a rate is stale after three missed polls, but never sooner than 30 s (the ticket's limit too).
  await s.shell.go('Settings');
  await s.settings.setPolling(1);
  await s.shell.go('Rates');
  await expect(
    page.getByText('A rate not renewed for 3 polling intervals (at least 30 s; 30 s now) is marked stale, and orders on it are blocked.'),
  ).toBeVisible();
  const latest = await deskCall(page, 'market.latest', {});
  for (const rate of latest) {
    const label = `${rate.pair.replace(/eur$/, '').toUpperCase()}/EUR`;
    const places = pricePlaces(rate.price);
    // Price, buy and sell of a pair always show the pair's places.
    await expect
      .poll(async () => {
        const cells = await s.rates.cells(label);
        return [cells.price, cells.buy, cells.sell].every((text) => new RegExp(`^€[\\d,]+\\.\\d{${places}}$`).test(text));
      })
      .toBe(true);
    // The change's tone follows the figure shown: 0.00% is neutral, a minus is down.
    const change = s.rates.change(label);
    await expect(change).toHaveText(/^([+-]\d+\.\d\d%|0\.00%|—)$/);
    const text = (await change.innerText()).trim();
    const tone = await change.getAttribute('data-tone');
    if (text === '0.00%') expect(tone).toBe('flat');
    else if (text.startsWith('-')) expect(tone).toBe('down');
    else if (text.startsWith('+')) expect(tone).toBe('up');
    await expect(s.rates.row(label)).not.toContainText('stale');
  }
  // XRP (about €0.50) has 4 places, BTC (tens of thousands) 2: "€0.4505", never "€0.451" beside it.
  expect(pricePlaces(latest.find((r) => r.pair === 'xrpeur')!.price)).toBe(4);
  await expect(s.rates.row('XRP/EUR').getByRole('cell').first()).toHaveText(/^€0\.\d{4}$/);
  await expect(s.rates.row('BTC/EUR').getByRole('cell').first()).toHaveText(/^€[\d,]+\.\d{2}$/);

  // Kriptomat stops answering: after 30 s every rate is marked stale.
  await desk.sandbox('/__sandbox/faults', { body: { error_rate: 1 } });
  for (const rate of latest) {
    const label = `${rate.pair.replace(/eur$/, '').toUpperCase()}/EUR`;
    await expect(s.rates.row(label).getByText('stale', { exact: true })).toBeVisible({ timeout: 45_000 });
  }
  await desk.snapshot('rates-stale');
  // Answers again: fresh rates clear the mark (the poller backs off while failing, so give it time).
  await desk.sandbox('/__sandbox/faults', { method: 'DELETE' });
  await expect(s.rates.table.getByText('stale', { exact: true })).toHaveCount(0, { timeout: 45_000 });
});
