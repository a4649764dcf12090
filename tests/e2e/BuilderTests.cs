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

        await DropAsync(page, "data.read-csv", 120, 160);
        await DropAsync(page, "data.split", 480, 160);
        await DropAsync(page, "train.lightgbm-binary", 840, 120);
        await DropAsync(page, "evaluate.binary", 840, 440);
        foreach (var step in new[] { "read_csv", "split", "lightgbm_binary", "binary" })
        {
            await Expect(page.GetByTestId($"node-{step}")).ToBeVisibleAsync();
        }

        await browser.ScreenshotAsync("four-steps-dropped");

        await ConnectAsync(page, "read_csv", "table", "split", "table");
        await ConnectAsync(page, "split", "train", "lightgbm_binary", "table");

        // A table into a model port is refused on the spot, with the reason.
        await ConnectAsync(page, "split", "test", "binary", "model");
        var refusal = page.GetByTestId("connection-error");
        await Expect(refusal).ToBeVisibleAsync();
        await Expect(refusal).ToContainTextAsync("table");
        await Expect(refusal).ToContainTextAsync("model");
        await browser.ScreenshotAsync("incompatible-ports-refused");
        Assert.Equal(2, await page.Locator(".react-flow__edge").CountAsync());

        await ConnectAsync(page, "lightgbm_binary", "model", "binary", "model");
        await ConnectAsync(page, "split", "test", "binary", "table");
        await Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(4);

        await SetParamAsync(page, "read_csv", "path", "data/telco_churn.csv");
        await SetParamAsync(page, "split", "test_fraction", "0.2");
        await SetParamAsync(page, "split", "stratify", "churn");
        await SetParamAsync(page, "split", "seed", "42");
        await SetParamAsync(page, "lightgbm_binary", "label", "churn");
        await SetParamAsync(page, "lightgbm_binary", "positive", "Yes");

        await page.GetByTestId("auto-layout").ClickAsync();
        await ViewportSettledAsync(page);
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
        await SetParamAsync(page, "split", "seed", "7");
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
        await browser.ScreenshotAsync("version-diff");

        Assert.Empty(browser.PageErrors);
    }

    /// <summary>Drags a component from the palette onto the canvas at a point of the canvas.</summary>
    private static async Task DropAsync(IPage page, string component, int x, int y)
    {
        await page.GetByTestId("palette-search").FillAsync(component);
        await page.GetByTestId($"palette-item-{component}").DragToAsync(page.GetByTestId("canvas"), new() { TargetPosition = new() { X = x, Y = y } });
        await page.GetByTestId("palette-search").FillAsync(string.Empty);
    }

    /// <summary>Drags from an output handle to an input handle, as a person does with the mouse.</summary>
    private static async Task ConnectAsync(IPage page, string fromStep, string output, string toStep, string input)
    {
        // Auto-layout fits every step into view, so both handles can be reached.
        await page.GetByTestId("auto-layout").ClickAsync();
        await ViewportSettledAsync(page);
        await page.GetByTestId($"handle-{fromStep}-out-{output}").DragToAsync(page.GetByTestId($"handle-{toStep}-in-{input}"));
    }

    /// <summary>Waits until the canvas stops moving (zoom to fit animates): the same transform for five frames.</summary>
    private static Task ViewportSettledAsync(IPage page) => page.EvaluateAsync(
        """
        () => new Promise(resolve => {
          const viewport = document.querySelector('.react-flow__viewport');
          let last = null, same = 0;
          const tick = () => {
            const now = viewport ? getComputedStyle(viewport).transform : '';
            same = now === last ? same + 1 : 0;
            last = now;
            if (same >= 5) resolve(true); else requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        })
        """);

    /// <summary>Selects a step on the canvas and types a parameter value into its form.</summary>
    private static async Task SetParamAsync(IPage page, string step, string parameter, string value)
    {
        await page.GetByTestId($"node-{step}").Locator(".step-node-header").ClickAsync();
        var field = page.GetByTestId("param-form").GetByTestId($"param-{parameter}");
        var select = field.Locator("select").First;
        if (await select.CountAsync() > 0 && await field.Locator("input").CountAsync() == 0)
        {
            await select.SelectOptionAsync(value);
        }
        else
        {
            await field.Locator("input").First.FillAsync(value);
        }

        await Expect(field.GetByTestId($"param-error-{parameter}")).ToHaveCountAsync(0);
    }
}
