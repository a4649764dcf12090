using System.Globalization;
using Loom.Server.Tests;
using static Microsoft.Playwright.Assertions;

namespace Loom.E2E.Tests;

/// <summary>The runs page: filters by pipeline and status, and two runs compared side by side.</summary>
public sealed class RunsPageTests
{
    [Fact]
    public async Task Runs_are_filtered_and_two_are_compared_parameter_by_parameter_and_metric_by_metric()
    {
        await using var server = await ServerHarness.StartAsync();
        var first = (await server.RunToEndAsync("telco-churn"))["id"]!.GetValue<string>();
        var second = (await server.RunToEndAsync("telco-churn", new { test_fraction = 0.3 }))["id"]!.GetValue<string>();
        await using var browser = await BrowserSession.LaunchAsync(server.Client.BaseAddress!, nameof(Runs_are_filtered_and_two_are_compared_parameter_by_parameter_and_metric_by_metric));
        var page = browser.Page;

        await page.GotoAsync("/#/runs");
        await Expect(page.GetByTestId($"run-row-{first}")).ToBeVisibleAsync();
        await Expect(page.GetByTestId($"run-row-{second}")).ToBeVisibleAsync();
        var rows = page.GetByTestId("runs-table").Locator("tbody tr");
        await Expect(rows.First).ToHaveAttributeAsync("data-testid", $"run-row-{second}");
        await browser.ScreenshotAsync("runs");

        var filters = page.GetByRole(Microsoft.Playwright.AriaRole.Search, new() { Name = "Filter runs" });
        await filters.GetByLabel("Status").SelectOptionAsync("failed");
        await Expect(page.GetByTestId("runs-table")).ToContainTextAsync("No runs match.");
        await filters.GetByLabel("Status").SelectOptionAsync("succeeded");
        await filters.GetByLabel("Pipeline").SelectOptionAsync("telco-churn");
        await Expect(rows).ToHaveCountAsync(2);
        await filters.GetByLabel("Since").FillAsync(DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("runs-table")).ToContainTextAsync("No runs match.");
        await filters.GetByLabel("Since").FillAsync(string.Empty);
        await Expect(rows).ToHaveCountAsync(2);

        await page.GetByTestId($"run-row-{first}").GetByRole(Microsoft.Playwright.AriaRole.Checkbox).CheckAsync();
        await page.GetByTestId($"run-row-{second}").GetByRole(Microsoft.Playwright.AriaRole.Checkbox).CheckAsync();
        await Expect(page.GetByTestId("runs-picked")).ToHaveTextAsync("2 of 2 picked");
        await page.GetByTestId("compare-runs").ClickAsync();

        var fraction = page.GetByTestId("compare-param-test_fraction");
        await Expect(fraction).ToHaveAttributeAsync("data-differs", "true");
        await Expect(fraction).ToContainTextAsync("0.2");
        await Expect(fraction).ToContainTextAsync("0.3");
        await Expect(page.GetByTestId("compare-param-data")).Not.ToHaveAttributeAsync("data-differs", "true");
        var auc = page.GetByTestId("compare-metric-auc");
        await Expect(auc).ToBeVisibleAsync();
        var a = (await server.GetJsonAsync($"/api/runs/{first}"))["metrics"]!["metrics"]!["auc"]!.GetValue<double>();
        await Expect(auc).ToContainTextAsync(a.ToString("0.0000", CultureInfo.InvariantCulture));
        await browser.ScreenshotAsync("compare");

        Assert.Empty(browser.PageErrors);
    }
}
