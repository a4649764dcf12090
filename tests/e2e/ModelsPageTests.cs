using Loom.Server.Tests;
using static Microsoft.Playwright.Assertions;

namespace Loom.E2E.Tests;

/// <summary>The models pages: registered models, a model's versions and alias trail, and a version's lineage graph.</summary>
public sealed class ModelsPageTests
{
    [Fact]
    public async Task A_registered_model_shows_its_versions_its_alias_trail_and_its_lineage_back_to_the_data_file()
    {
        await using var server = await ServerHarness.StartAsync();
        var run = (await server.RunToEndAsync("telco-churn"))["id"]!.GetValue<string>();
        Assert.Equal(201, (await server.SendAsync(HttpMethod.Post, "/api/models", new { run, output = "train.model", name = "churn" })).Status);
        Assert.Equal(200, (await server.SendAsync(HttpMethod.Put, "/api/models/churn/aliases/production", new { version = 1, reason = "first model" })).Status);
        await using var browser = await BrowserSession.LaunchAsync(server.Client.BaseAddress!, nameof(A_registered_model_shows_its_versions_its_alias_trail_and_its_lineage_back_to_the_data_file));
        var page = browser.Page;

        await page.GotoAsync("/#/models");
        var row = page.GetByTestId("model-row-churn");
        await Expect(row).ToContainTextAsync("production → 1");
        await Expect(row).ToContainTextAsync("auc 0.8");
        await row.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "churn" }).ClickAsync();

        await Expect(page.GetByTestId("model-version-1")).ToContainTextAsync(run);
        await Expect(page.GetByTestId("model-history")).ToContainTextAsync("first model");
        var graph = page.GetByTestId("lineage-graph");
        await Expect(graph.GetByTestId("lineage-node-model:churn@1")).ToBeVisibleAsync();
        await Expect(graph.GetByTestId($"lineage-node-step:{run}/train")).ToContainTextAsync("train.lightgbm-binary@1.0.0");
        await Expect(graph).ToContainTextAsync("data/telco_churn.csv");
        await Expect(graph).Not.ToContainTextAsync("evaluate (");
        await browser.ScreenshotAsync("model");

        Assert.Empty(browser.PageErrors);
    }
}
