using Loom.Server.Tests;
using static Microsoft.Playwright.Assertions;

namespace Loom.E2E.Tests;

/// <summary>The models pages: registered models, a model's versions and alias trail, a version's lineage graph, and a data file forward to what used it.</summary>
public sealed class ModelsPageTests
{
    [Fact]
    public async Task A_registered_model_shows_its_versions_its_alias_trail_and_its_lineage_back_to_the_data_file()
    {
        await using var server = await ServerHarness.StartAsync();
        var run = (await server.RunToEndAsync("telco-churn"))["id"]!.GetValue<string>();
        Assert.Equal(201, (await server.SendAsync(HttpMethod.Post, "/api/models", new { run, output = "train.model", name = "churn" })).Status);
        Assert.Equal(200, (await server.SendAsync(HttpMethod.Put, "/api/models/churn/aliases/production", new { version = 1, reason = "first model" })).Status);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 6; i++)
        {
            var psi = i < 5 ? 0.02 * i : 0.35;
            await server.Workspace.Store.AddModelHealthAsync(new Metadata.Records.ModelHealthSnapshot("churn", 1, now.AddMinutes(-60 + (10 * i)), i < 5 ? "ok" : "drift", $"{{\"window_rows\":5000,\"fields\":[{{\"name\":\"tenure\",\"psi\":{psi.ToString(System.Globalization.CultureInfo.InvariantCulture)},\"p_value\":0.0001,\"missing_share\":0,\"drifted\":{(i < 5 ? "false" : "true")}}},{{\"name\":\"contract\",\"psi\":0.01,\"p_value\":0.8,\"missing_share\":0,\"unseen_share\":0,\"drifted\":false}}]}}"), now.AddDays(-30));
        }

        await server.Workspace.Store.AddModelAlertAsync(new Metadata.Records.ModelAlert("churn", 1, "tenure", "psi 0.35 > 0.2", now.AddMinutes(-10), "host:1"));
        await using var browser = await BrowserSession.LaunchAsync(server.Client.BaseAddress!, nameof(A_registered_model_shows_its_versions_its_alias_trail_and_its_lineage_back_to_the_data_file));
        var page = browser.Page;

        await page.GotoAsync("/#/models");
        var row = page.GetByTestId("model-row-churn");
        await Expect(row).ToContainTextAsync("production → 1");
        await Expect(row).ToContainTextAsync("auc 0.8");
        await row.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "churn" }).ClickAsync();

        await Expect(page.GetByTestId("model-version-1")).ToContainTextAsync(run);
        await Expect(page.GetByTestId("model-history")).ToContainTextAsync("first model");
        await Expect(page.GetByTestId("health-status")).ToContainTextAsync("Version 1: drift");
        await Expect(page.GetByTestId("health-field-tenure")).ToHaveAttributeAsync("data-drifted", "true");
        await Expect(page.GetByTestId("health-field-contract")).ToHaveAttributeAsync("data-drifted", "false");
        Assert.Equal(6, (await page.GetByTestId("psi-tenure").Locator("polyline").GetAttributeAsync("points"))!.Split(' ').Length);
        await Expect(page.GetByTestId("psi-tenure").Locator("circle")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("model-alerts")).ToContainTextAsync("tenure psi 0.35 > 0.2");
        var graph = page.GetByTestId("lineage-graph");
        await Expect(graph.GetByTestId("lineage-node-model:churn@1")).ToBeVisibleAsync();
        await Expect(graph.GetByTestId($"lineage-node-step:{run}/train")).ToContainTextAsync("train.lightgbm-binary@1.0.0");
        await Expect(graph).ToContainTextAsync("data/telco_churn.csv");
        await Expect(graph).Not.ToContainTextAsync("evaluate (");
        await browser.ScreenshotAsync("model");

        // The data file forward: every step that read it, and the model version it led to.
        var file = graph.Locator(".lineage-artifact").Filter(new() { HasText = "data/telco_churn.csv" });
        await file.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "used by →" }).ClickAsync();
        await Expect(page.GetByTestId("artifact-use-summary")).ToContainTextAsync("upstream of churn version 1");
        var forward = page.GetByTestId("lineage-graph");
        await Expect(forward.GetByTestId("lineage-node-model:churn@1")).ToBeVisibleAsync();
        await Expect(forward.GetByTestId($"lineage-node-step:{run}/load")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("artifact-forward");
        await forward.GetByTestId("lineage-node-model:churn@1").GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "model →" }).ClickAsync();
        await Expect(page.GetByTestId("model-version-1")).ToBeVisibleAsync();

        Assert.Empty(browser.PageErrors);
    }
}
