/**
 * How Switchyard drives a browser here: Debian's Chromium (Playwright cannot download its own
 * build on these machines), headless, without the background traffic a test does not want.
 * Used by the browser tests, the screenshots and the bench.
 */
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
