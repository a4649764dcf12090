using Loom.Server.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loom.E2E.Tests;

/// <summary>
/// The editor's tools on the shipped telco pipeline: copy and paste with the keyboard, undo and redo,
/// delete, a run with a parameter value from the run dialog, the column picker that knows the upstream
/// table's columns after that run, and YAML export and import.
/// </summary>
public sealed class EditingTests
{
    [Fact]
    public async Task Copy_paste_undo_redo_delete_run_with_a_parameter_pick_columns_and_round_trip_yaml()
    {
        await using var server = await ServerHarness.StartAsync();
        await using var browser = await BrowserSession.LaunchAsync(server.Client.BaseAddress!, nameof(Copy_paste_undo_redo_delete_run_with_a_parameter_pick_columns_and_round_trip_yaml));
        var page = browser.Page;
        await page.GotoAsync("/#/pipelines/telco-churn");
        await Expect(page.GetByTestId("node-evaluate")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("valid")).ToBeVisibleAsync();
        var saved = (await page.GetByTestId("pipeline-version").TextContentAsync())!.Trim();

        await Canvas.SelectAsync(page, "split");
        await page.Keyboard.PressAsync("Control+C");
        await page.Keyboard.PressAsync("Control+V");
        var copy = page.GetByTestId("node-split_2");
        await Expect(copy).ToBeVisibleAsync();
        await Expect(page.GetByTestId("dirty")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("pasted");
        await page.Keyboard.PressAsync("Control+Z");
        await Expect(copy).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Control+Shift+Z");
        await Expect(copy).ToBeVisibleAsync();
        await Canvas.SelectAsync(page, "split_2");
        await page.Keyboard.PressAsync("Delete");
        await Expect(copy).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("node-split")).ToBeVisibleAsync();

        // The run dialog offers the pipeline's parameters with their defaults.
        await page.GetByTestId("run").ClickAsync();
        var dialog = page.GetByTestId("run-dialog");
        var fraction = dialog.GetByLabel("test_fraction");
        await Expect(fraction).ToHaveValueAsync("0.2");
        await fraction.FillAsync("0.3");
        await browser.ScreenshotAsync("run-dialog");
        await dialog.GetByTestId("run-submit").ClickAsync();
        await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("succeeded", new() { Timeout = 120_000 });
        var run = (await page.GetByTestId("run-id").GetAttributeAsync("title"))!;
        var detail = await server.GetJsonAsync($"/api/runs/{run}");
        Assert.Equal("0.3", detail["parameters"]!["test_fraction"]!.ToString());
        Assert.Equal(saved, detail["pipeline_version"]!.GetValue<string>()[..saved.Length]);

        // After the run, the label field knows the columns of the table that feeds the trainer.
        await page.GetByLabel("Close run view").ClickAsync();
        await Canvas.SelectAsync(page, "train");
        var options = Canvas.Param(page, "label").Locator("datalist option");
        await Expect(options.First).ToBeAttachedAsync();
        var columns = await options.EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        Assert.Contains("churn", columns);
        Assert.Contains("tenure", columns);
        await browser.ScreenshotAsync("column-picker");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-yaml").ClickAsync());
        Assert.Equal("telco-churn.yaml", download.SuggestedFilename);
        var exported = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Equal((await server.GetJsonAsync("/api/pipelines/telco-churn"))["yaml"]!.GetValue<string>(), exported);

        var changed = Path.Combine(server.Root, "changed.yaml");
        await File.WriteAllTextAsync(changed, exported.Replace("seed: 42 }", "seed: 5 }", StringComparison.Ordinal));
        await page.GetByTestId("import-yaml-input").SetInputFilesAsync(changed);
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("Imported changed.yaml");
        await Canvas.SelectAsync(page, "split");
        await Expect(Canvas.Param(page, "seed").Locator("input")).ToHaveValueAsync("5");
        await browser.ScreenshotAsync("imported");
        await page.GetByTestId("canvas").Locator(".react-flow__pane").ClickAsync(new() { Position = new() { X = 20, Y = 20 } });
        await page.Keyboard.PressAsync("Control+Z");
        await Canvas.SelectAsync(page, "split");
        await Expect(Canvas.Param(page, "seed").Locator("input")).ToHaveValueAsync("42");

        Assert.Empty(browser.PageErrors);
    }
}
