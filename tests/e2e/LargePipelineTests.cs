using Loom.Server.Tests;
using static Microsoft.Playwright.Assertions;

namespace Loom.E2E.Tests;

/// <summary>A 60-step pipeline opens whole, lays out, edits and saves (its speed is measured in bench/).</summary>
public sealed class LargePipelineTests
{
    [Fact]
    public async Task A_sixty_step_pipeline_opens_lays_out_edits_and_saves()
    {
        await using var server = await ServerHarness.StartAsync();
        var (status, body, _) = await server.SendAsync(HttpMethod.Post, "/api/pipelines", new { yaml = WidePipeline.Yaml("wide") });
        Assert.True(status == 201, $"create: {status} {body}");
        await using var browser = await BrowserSession.LaunchAsync(server.Client.BaseAddress!, nameof(A_sixty_step_pipeline_opens_lays_out_edits_and_saves));
        var page = browser.Page;

        await page.GotoAsync("/#/pipelines/wide");
        await Expect(page.Locator(".react-flow__node")).ToHaveCountAsync(WidePipeline.Steps);
        await Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(WidePipeline.Edges);
        await Expect(page.GetByTestId("valid")).ToBeVisibleAsync();

        await page.GetByTestId("auto-layout").ClickAsync();
        await Canvas.SettledAsync(page);
        var canvas = (await page.GetByTestId("canvas").BoundingBoxAsync())!;
        foreach (var step in new[] { "load", "train_1", "evaluate_29" })
        {
            var box = (await page.GetByTestId($"node-{step}").BoundingBoxAsync())!;
            Assert.True(box.X >= canvas.X && box.X + box.Width <= canvas.X + canvas.Width + 1, $"{step} is inside the canvas after zoom to fit");
        }

        await browser.ScreenshotAsync("sixty-steps");

        await Canvas.SetParamAsync(page, "train_29", "learning_rate", "0.05");
        await Expect(page.GetByTestId("dirty")).ToBeVisibleAsync();
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId("dirty")).ToHaveCountAsync(0);
        var saved = await server.GetJsonAsync("/api/pipelines/wide");
        Assert.Contains("learning_rate: 0.05", saved["yaml"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(browser.PageErrors);
    }
}
