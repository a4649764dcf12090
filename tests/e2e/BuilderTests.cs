using System.Globalization;
using Loom.Server.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loom.E2E.Tests;

/// <summary>
/// A new user in the browser: builds the telco churn pipeline from an empty canvas by drag and drop,
/// is refused an edge between incompatible ports, saves, runs, reads AUC and the ROC curve of the
/// evaluation step, then saves a second version and reads the diff. A screenshot is taken at each stage.
/// </summary>
public sealed class BuilderTests
{
    [Fact]
    public async Task Builds_runs_and_versions_the_telco_pipeline_from_an_empty_canvas()
    {
        await using var server = await ServerHarness.StartAsync();
        await using var browser = await BrowserSession.LaunchAsync(server.Client.BaseAddress!, nameof(Builds_runs_and_versions_the_telco_pipeline_from_an_empty_canvas));
        var page = browser.Page;

        await page.GotoAsync("/");
        await Expect(page.GetByTestId("pipeline-row-telco-churn")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("pipelines");

        await page.GetByTestId("new-pipeline").ClickAsync();
        await page.GetByLabel("Pipeline name").FillAsync("churn-ui");
        await page.GetByTestId("create-pipeline").ClickAsync();
        await Expect(page.GetByTestId("pipeline-title")).ToHaveTextAsync("churn-ui");
        await browser.ScreenshotAsync("empty-canvas");

        await Canvas.DropAsync(page, "data.read-csv", 120, 160);
        await Canvas.DropAsync(page, "data.split", 480, 160);
        await Canvas.DropAsync(page, "train.lightgbm-binary", 840, 120);
        await Canvas.DropAsync(page, "evaluate.binary", 840, 440);
        foreach (var step in new[] { "read_csv", "split", "lightgbm_binary", "binary" })
        {
            await Expect(page.GetByTestId($"node-{step}")).ToBeVisibleAsync();
        }

        await browser.ScreenshotAsync("four-steps-dropped");

        await Canvas.ConnectAsync(page, "read_csv", "table", "split", "table");
        await Canvas.ConnectAsync(page, "split", "train", "lightgbm_binary", "table");

        // A table into a model port is refused on the spot, with the reason.
        await Canvas.ConnectAsync(page, "split", "test", "binary", "model");
        var refusal = page.GetByTestId("connection-error");
        await Expect(refusal).ToBeVisibleAsync();
        await Expect(refusal).ToContainTextAsync("table");
        await Expect(refusal).ToContainTextAsync("model");
        await browser.ScreenshotAsync("incompatible-ports-refused");
        Assert.Equal(2, await page.Locator(".react-flow__edge").CountAsync());

        await Canvas.ConnectAsync(page, "lightgbm_binary", "model", "binary", "model");
        await Canvas.ConnectAsync(page, "split", "test", "binary", "table");
        await Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(4);

        await Canvas.SetParamAsync(page, "read_csv", "path", "data/telco_churn.csv");
        await Canvas.SetParamAsync(page, "split", "test_fraction", "0.2");
        await Canvas.SetParamAsync(page, "split", "stratify", "churn");
        await Canvas.SetParamAsync(page, "split", "seed", "42");
        await Canvas.SetParamAsync(page, "lightgbm_binary", "label", "churn");
        await Canvas.SetParamAsync(page, "lightgbm_binary", "positive", "Yes");

        await page.GetByTestId("auto-layout").ClickAsync();
        await Canvas.SettledAsync(page);
        await Expect(page.GetByTestId("valid")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("parameters-set");

        await page.GetByTestId("save-message").FillAsync("first version from the builder");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId("dirty")).ToHaveCountAsync(0);
        var first = (await page.GetByTestId("pipeline-version").TextContentAsync())!.Trim();
        Assert.NotEqual("not saved", first);
        Assert.True(File.Exists(Path.Combine(server.Root, "pipelines", "churn-ui.yaml")), "the builder saves the same YAML file the CLI runs");
        await browser.ScreenshotAsync("saved");

        await page.GetByTestId("run").ClickAsync();
        await page.GetByTestId("run-submit").ClickAsync();
        await Expect(page.GetByTestId("run-banner")).ToBeVisibleAsync();
        foreach (var step in new[] { "read_csv", "split", "lightgbm_binary", "binary" })
        {
            await Expect(page.GetByTestId($"node-{step}")).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 120_000 });
        }

        await browser.ScreenshotAsync("run-finished");

        await page.GetByTestId("node-binary").ClickAsync();
        await Expect(page.GetByTestId("step-run-status")).ToHaveTextAsync("succeeded");
        await page.GetByTestId("tab-metrics").ClickAsync();
        var auc = double.Parse((await page.GetByTestId("metric-auc").TextContentAsync())!, CultureInfo.InvariantCulture);
        Assert.InRange(auc, 0.80, 1.0);
        await Expect(page.GetByTestId("roc-plot")).ToBeVisibleAsync();
        Assert.True(await page.GetByTestId("roc-plot").Locator("path, polyline").CountAsync() > 0, "the ROC curve is drawn");
        await browser.ScreenshotAsync("evaluation-metrics");

        // A second version: a different seed for the split.
        await page.GetByLabel("Close run view").ClickAsync();
        await Expect(page.GetByTestId("run-banner")).ToHaveCountAsync(0);
        await Canvas.SetParamAsync(page, "split", "seed", "7");
        await page.GetByTestId("save-message").FillAsync("another split seed");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId("dirty")).ToHaveCountAsync(0);
        var second = (await page.GetByTestId("pipeline-version").TextContentAsync())!.Trim();
        Assert.NotEqual(first, second);

        await page.GetByTestId("versions").ClickAsync();
        var drawer = page.GetByTestId("versions-drawer");
        await Expect(drawer.GetByTestId($"version-{first}")).ToContainTextAsync("first version from the builder");
        await Expect(drawer.GetByTestId($"version-{second}")).ToContainTextAsync("another split seed");
        await drawer.GetByLabel($"Select version {first}").CheckAsync();
        await drawer.GetByLabel($"Select version {second}").CheckAsync();
        await drawer.GetByTestId("compare-versions").ClickAsync();
        await Expect(page.GetByTestId("diff-changed-split")).ToBeVisibleAsync();
        var yamlDiff = page.GetByTestId("yaml-diff");
        await Expect(yamlDiff).ToContainTextAsync("seed: 42");
        await Expect(yamlDiff).ToContainTextAsync("seed: 7");
        var changedLines = await yamlDiff.Locator(".line-del, .line-add").AllTextContentsAsync();
        Assert.Equal(2, changedLines.Count);
        Assert.Contains("removed: ", changedLines[0], StringComparison.Ordinal);
        Assert.Contains("seed: 42", changedLines[0], StringComparison.Ordinal);
        Assert.Contains("added: ", changedLines[1], StringComparison.Ordinal);
        Assert.Contains("seed: 7", changedLines[1], StringComparison.Ordinal);
        await browser.ScreenshotAsync("version-diff");

        Assert.Empty(browser.PageErrors);
    }
}
