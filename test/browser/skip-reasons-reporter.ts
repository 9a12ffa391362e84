/**
 * Says why each skipped browser test was skipped (Playwright's list reporter only counts
 * them), so a run without the Electron runtime reports the tray app's end-to-end test as
 * skipped, with the reason, instead of passing it over in silence.
 */
import type { Reporter, TestCase, TestResult } from "@playwright/test/reporter";

export default class SkipReasonsReporter implements Reporter {
  private readonly lines: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== "skipped") return;
    const reasons = [...test.annotations, ...result.annotations]
      .filter((annotation) => annotation.type === "skip" && annotation.description)
      .map((annotation) => annotation.description);
    this.lines.push(
      `skipped: ${test.titlePath().filter(Boolean).join(" › ")}: ${[...new Set(reasons)].join("; ") || "no reason given"}`,
    );
  }

  onEnd(): void {
    if (this.lines.length) process.stdout.write(`${this.lines.join("\n")}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
