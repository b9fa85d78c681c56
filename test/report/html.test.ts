/**
 * The HTML report in a real browser: rendered offline, the failing guardrail and the address
 * of a resource it found at fault are visible. Screenshots go to reports/screenshots/.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferSink } from '../../src/cli/io.js';
import { writeReports } from '../../src/report/write.js';
import type { AnyReport } from '../../src/report/text.js';
import { failingCheck, observation } from './fixtures.js';
import { availableUnlessCI } from '../support/ci.js';

/** The DOM the browser-side callback of expandAll touches (the tests compile without the DOM library). */
interface PanelElement {
  style: { display: string };
  classList: { add(name: string): void };
}
declare const document: { querySelectorAll(selector: string): { forEach(visit: (element: PanelElement) => void): void } };

const chromiumPath = '/usr/bin/chromium';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const screenshots = path.join(repoRoot, 'reports', 'screenshots');

describe.runIf(availableUnlessCI(existsSync(chromiumPath), `Chromium (${chromiumPath})`))('HTML report in Chromium', () => {
  let browser: Browser;
  let workDir: string;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    workDir = await mkdtemp(path.join(os.tmpdir(), 'guardrails-html-'));
    await mkdir(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  /** Renders the report, opens a page that may only load file:// URLs, and records any other request. */
  async function open(report: AnyReport, name: string): Promise<{ page: Page; dir: string; external: string[] }> {
    const dir = path.join(workDir, name);
    await writeReports([{ name: 'html', destination: dir }], report, { cwd: workDir, stdout: new BufferSink() });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const external: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) {
        return route.continue();
      }
      external.push(url);
      return route.abort();
    });
    return { page, dir, external };
  }

  /** Opens every collapsed scenario panel and error box on a feature page. */
  async function expandAll(page: Page): Promise<void> {
    await page.evaluate(() => {
      document.querySelectorAll('.x_content, .scenario-step-collapse').forEach((element) => {
        element.style.display = 'block';
        element.classList.add('show');
      });
    });
  }

  it('shows the failing guardrail and the resources it failed on, offline', async () => {
    const { page, dir, external } = await open(failingCheck, 'check');
    await page.goto(pathToFileURL(path.join(dir, 'index.html')).href);
    await expect.poll(() => page.locator('#features-table').innerText()).toContain('state-bucket-kms');
    const overview = await page.locator('body').innerText();
    expect(overview).toContain('FAILED');
    expect(overview).toContain('indeterminate');
    expect(overview).toContain('not applicable');
    await page.screenshot({ path: path.join(screenshots, 'check-html-overview.png'), fullPage: true });

    const featurePage = (await readdir(path.join(dir, 'features'))).find((file) => file.includes('state-bucket-kms'));
    expect(featurePage).toBeDefined();
    await page.goto(pathToFileURL(path.join(dir, 'features', featurePage!)).href);
    await expandAll(page);
    const address = page.getByText('aws_s3_bucket_server_side_encryption_configuration.state: rule[0]', { exact: false }).first();
    await expect.poll(() => address.isVisible()).toBe(true);
    // Special characters arrive as text, never as markup.
    expect(await page.locator('body').innerText()).toContain('module.logs["a<b>&c"]');
    await page.screenshot({ path: path.join(screenshots, 'check-html.png'), fullPage: true });
    expect(external).toEqual([]);
    await page.close();
  });

  it('shows per workload which candidate guardrails would fail and why', async () => {
    const { page, dir, external } = await open(observation, 'observe');
    await page.goto(pathToFileURL(path.join(dir, 'index.html')).href);
    const table = await page.locator('#features-table').innerText();
    expect(table).toContain('network');
    expect(table).toContain('state-bucket-kms (failed)');
    await page.screenshot({ path: path.join(screenshots, 'observe-html.png'), fullPage: true });

    const featurePage = (await readdir(path.join(dir, 'features'))).find((file) => file.includes('network'));
    await page.goto(pathToFileURL(path.join(dir, 'features', featurePage!)).href);
    await expandAll(page);
    await expect.poll(() => page.getByText('aws_iam_role.ci: assume_role_policy is known only after apply').first().isVisible()).toBe(true);
    await page.screenshot({ path: path.join(screenshots, 'observe-html-workload.png'), fullPage: true });
    expect(external).toEqual([]);
    await page.close();
  });

  it('escapes report text in the generated pages', async () => {
    const { page, dir } = await open(failingCheck, 'escaped');
    await page.close();
    const featurePage = (await readdir(path.join(dir, 'features'))).find((file) => file.includes('state-bucket-kms'));
    const html = await readFile(path.join(dir, 'features', featurePage!), 'utf8');
    expect(html).not.toContain('<b>&c');
    expect(html).toContain('a&lt;b&gt;&amp;c');
  });
});
