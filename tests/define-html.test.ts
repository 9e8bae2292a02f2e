/**
 * define.html in headless Chromium: dataset links and codelist links land on their anchors, the page loads
 * nothing besides itself, and a screenshot is written to /tmp/define-html-*.png for a human look.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildDefine } from "@trialforge/define";
import { adamFixtures, fixtureStudy, sdtmFixtures } from "@trialforge/define/testing";
import { loadTerminology } from "@trialforge/terminology";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn("no /usr/bin/chromium (Debian chromium): define.html browser tests are skipped");

/** Where an element is relative to the viewport after navigation. */
async function topOf(page: Page, id: string): Promise<number> {
  return page.evaluate((x) => document.getElementById(x)!.getBoundingClientRect().top, id);
}

/** The anchor was scrolled to: at the top of the viewport, or (near the page end, where it cannot go higher) visible with the page scrolled to the bottom. */
async function landedOn(page: Page, id: string): Promise<boolean> {
  return page.evaluate((x) => {
    const top = document.getElementById(x)!.getBoundingClientRect().top;
    const atBottom = Math.ceil(window.scrollY + window.innerHeight) >= document.documentElement.scrollHeight;
    return (
      location.hash === `#${x}` && (Math.abs(top) < 2 || (atBottom && top >= 0 && top < window.innerHeight))
    );
  }, id);
}

describe.skipIf(!hasChromium)("define.html in headless Chromium", () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), "define-html-"));
  const terminology = loadTerminology();
  const files: Record<string, string> = {};

  beforeAll(async () => {
    for (const [standard, make] of [
      ["SDTM", sdtmFixtures],
      ["ADaM", adamFixtures],
    ] as const) {
      const r = buildDefine({
        standard,
        datasets: make(),
        study: fixtureStudy,
        terminology,
        timestamp: "2026-07-31T00:00:00Z",
      });
      files[standard] = join(dir, `define-${standard}.html`);
      writeFileSync(files[standard], r.html);
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("SDTM: a dataset link and a codelist link land on their anchors", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    const url = pathToFileURL(files.SDTM!).href;
    await page.goto(url);
    expect(await page.title()).toBe("NCT05563545 SDTM Define-XML 2.1.0");

    // Dataset link in the datasets table → the LB section.
    await page.click('#datasets a[href="#IG.LB"]');
    await page.waitForFunction(() => location.hash === "#IG.LB");
    expect(Math.abs(await topOf(page, "IG.LB"))).toBeLessThan(5);
    expect(await page.textContent('[id="IG.LB"] h2')).toBe("LB — Laboratory Test Results");
    // The dataset's XPT link points at the lower-case file beside define.html.
    expect(await page.getAttribute('#datasets a[href="lb.xpt"]', "href")).toBe("lb.xpt");

    // Codelist link from LB.LBSTRESU → the UNIT codelist, which lists the units in the data.
    await page.click('[id="IT.LB.LBSTRESU"] a[href="#CL.UNIT"]');
    await page.waitForFunction(() => location.hash === "#CL.UNIT");
    expect(await landedOn(page, "CL.UNIT")).toBe(true);
    const units = await page.$$eval('[id="CL.UNIT"] tbody tr td:first-child code', (els) =>
      els.map((e) => e.textContent),
    );
    expect(units.sort()).toEqual(["10^9/L", "U/L", "mmol/L"]);

    // Value-level link from LBORRES → its value list, whose first condition is LBTESTCD = "ALT".
    await page.click('[id="IT.LB.LBORRES"] a[href="#VL.LB.LBORRES"]');
    await page.waitForFunction(() => location.hash === "#VL.LB.LBORRES");
    const firstWhere = await page.textContent('[id="IT.LB.LBORRES.ALT"] td:first-child');
    expect(firstWhere).toBe('LBTESTCD = "ALT"');

    await page.goto(`${url}#IG.LB`);
    await page.screenshot({ path: "/tmp/define-html-sdtm.png" });
    // Self-contained: the page loaded nothing but itself.
    expect(new Set(requests.map((u) => u.split("#")[0]))).toEqual(new Set([url]));
    await page.close();
  });

  it("ADaM: the navigation's dataset link and a codelist link land on their anchors", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(pathToFileURL(files.ADaM!).href);
    await page.click('nav a[href="#IG.ADLB"]');
    await page.waitForFunction(() => location.hash === "#IG.ADLB");
    expect(Math.abs(await topOf(page, "IG.ADLB"))).toBeLessThan(5);
    await page.click('[id="IT.ADSL.SAFFL"] a[href="#CL.NY"]');
    await page.waitForFunction(() => location.hash === "#CL.NY");
    expect(await landedOn(page, "CL.NY")).toBe(true);
    expect(await page.textContent('[id="CL.NY"] h3')).toContain("No Yes Response");
    await page.screenshot({ path: "/tmp/define-html-adam.png", fullPage: false });
    await page.close();
  });
});
