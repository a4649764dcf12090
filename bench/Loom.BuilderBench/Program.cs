using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Loom.Components;
using Loom.E2E.Tests;
using Loom.Execution;
using Loom.Pipelines.Catalog;
using Loom.Server;
using Loom.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

// The web builder on the 4-step telco pipeline and on a 60-step one, side by side in one run: how long
// opening, dragging a step, typing into a parameter, undoing and auto-layout take in headless Chromium.
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
using var folder = ExampleWorkspace.Copy("telco-churn");
await using var workspace = await Workspace.OpenAsync(folder.Path);
var catalog = new ComponentCatalog().RegisterAssembly(BuiltInComponents.Assembly);
await using var app = LoomServer.Build(workspace, catalog, "http://127.0.0.1:0");
await app.StartAsync();
var address = new Uri(app.Urls.First());
using (var http = new HttpClient { BaseAddress = address })
{
    (await http.PostAsJsonAsync("/api/pipelines", new { yaml = WidePipeline.Yaml("wide") })).EnsureSuccessStatusCode();
}

await using var browser = await BrowserSession.LaunchAsync(address, "builder-bench");

// Each round leaves unsaved edits behind: leave the page anyway when it asks.
browser.Page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
var pipelines = new[] { ("telco-churn", 4), ("wide", WidePipeline.Steps) };
var results = new Dictionary<(string Pipeline, string Measure), List<double>>();
for (var round = 0; round < rounds; round++)
{
    foreach (var (name, steps) in pipelines)
    {
        foreach (var (measure, ms) in await MeasureAsync(browser.Page, name, steps))
        {
            results.TryAdd((name, measure), []);
            results[(name, measure)].Add(ms);
        }
    }
}

Console.WriteLine($"median of {rounds} rounds, milliseconds");
Console.WriteLine("| measure | 4 steps | 60 steps | ratio |");
Console.WriteLine("| --- | --- | --- | --- |");
foreach (var measure in results.Keys.Select(k => k.Measure).Distinct())
{
    var small = Median(results[("telco-churn", measure)]);
    var wide = Median(results[("wide", measure)]);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {measure} | {small:0.0} | {wide:0.0} | {wide / small:0.00} |"));
}

await app.StopAsync();
return 0;

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static async Task<List<(string, double)>> MeasureAsync(IPage page, string pipeline, int steps)
{
    var measured = new List<(string, double)>();
    await page.GotoAsync("about:blank");
    var clock = Stopwatch.StartNew();
    await page.GotoAsync($"/#/pipelines/{pipeline}");
    await Expect(page.Locator(".react-flow__node")).ToHaveCountAsync(steps);
    await Expect(page.GetByTestId("valid")).ToBeVisibleAsync();
    measured.Add(("open until every step is drawn and validated", clock.Elapsed.TotalMilliseconds));

    clock.Restart();
    await page.GetByTestId("auto-layout").ClickAsync();
    await Canvas.SettledAsync(page);
    measured.Add(("auto-layout and zoom to fit", clock.Elapsed.TotalMilliseconds));

    const int moves = 40;
    var header = (await page.GetByTestId("node-split").Locator(".step-node-header").BoundingBoxAsync())!;
    var (x, y) = (header.X + header.Width / 2, header.Y + header.Height / 2);
    await page.Mouse.MoveAsync((float)x, (float)y);
    await page.Mouse.DownAsync();
    clock.Restart();
    for (var i = 1; i <= moves; i++)
    {
        // Out and back, so the step ends where it started.
        var offset = i <= moves / 2 ? i : moves - i;
        await page.Mouse.MoveAsync((float)x + offset * 6, (float)y + offset * 3);
    }

    measured.Add(("one mouse move while dragging a step", clock.Elapsed.TotalMilliseconds / moves));
    await page.Mouse.UpAsync();

    await Canvas.SelectAsync(page, "split");
    var seed = Canvas.Param(page, "seed").Locator("input");
    await seed.FillAsync(string.Empty);
    await seed.FocusAsync();
    const string typed = "1234567890";
    clock.Restart();
    await page.Keyboard.TypeAsync(typed);
    await Expect(seed).ToHaveValueAsync(typed);
    measured.Add(("one keystroke in a parameter field", clock.Elapsed.TotalMilliseconds / typed.Length));

    await page.GetByTestId("canvas").Locator(".react-flow__pane").ClickAsync(new() { Position = new() { X = 10, Y = 10 } });
    clock.Restart();
    for (var i = 0; i < 5; i++)
    {
        await page.Keyboard.PressAsync("Control+Z");
        await page.Keyboard.PressAsync("Control+Shift+Z");
    }

    await Expect(page.GetByTestId("redo")).ToBeDisabledAsync();
    measured.Add(("one undo or redo", clock.Elapsed.TotalMilliseconds / 10));
    await Canvas.SelectAsync(page, "split");
    await Expect(seed).ToHaveValueAsync(typed);
    return measured;
}
