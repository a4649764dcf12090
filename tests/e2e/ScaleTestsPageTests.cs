using Loom.Scale;
using Loom.Server.Tests;
using static Microsoft.Playwright.Assertions;

namespace Loom.E2E.Tests;

/// <summary>The scale tests pages: the tests kept in the workspace, and one test's report with its charts.</summary>
public sealed class ScaleTestsPageTests
{
    [Fact]
    public async Task A_kept_scale_test_is_listed_with_its_verdict_and_its_report_opens_with_its_charts()
    {
        await using var server = await ServerHarness.StartAsync();
        await ScaleReportStore.SaveAsync(server.Workspace, ScaleReports.Failed("s20261207090000-aaaaaa", "telco-churn", DateTimeOffset.UtcNow), CancellationToken.None);
        await using var browser = await BrowserSession.LaunchAsync(server.Client.BaseAddress!, nameof(A_kept_scale_test_is_listed_with_its_verdict_and_its_report_opens_with_its_charts));
        var page = browser.Page;

        await page.GotoAsync("/#/pipelines");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Scale tests" }).ClickAsync();
        var row = page.GetByTestId("scale-test-s20261207090000-aaaaaa");
        await Expect(row).ToContainTextAsync("telco-churn");
        await Expect(row).ToContainTextAsync("failed");
        await Expect(row).ToContainTextAsync("x1 x10");
        await Expect(row).ToContainTextAsync("x10: 70,430 rows, 20.1 s, 3,504 rows/s, 900 MB");
        await row.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "s20261207090000-aaaaaa" }).ClickAsync();

        await Expect(page.GetByTestId("scale-test-summary")).ToContainTextAsync("SLA max_wall 10.0 s not met at x10: 20.1 s");
        var report = page.FrameLocator("[data-testid=scale-report]");
        await Expect(report.Locator("#verdict")).ToHaveTextAsync("Failed");
        await Expect(report.Locator("#growth")).ToContainTextAsync("linear");
        await Expect(report.Locator("figure#step-times svg")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("report");
        Assert.Empty(browser.PageErrors);
    }
}
