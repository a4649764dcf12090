using System.IO.Compression;
using Loom.Metadata.Records;
using Loom.Registry;
using Loom.Server.Tests;
using Loom.Testing;
using Loom.Worker;
using static Microsoft.Playwright.Assertions;

namespace Loom.E2E.Tests;

/// <summary>The components page: a zip dropped in is checked by the quality gate and published, or refused with the gate's report.</summary>
public sealed class ComponentUploadTests
{
    [Fact]
    public async Task A_component_zip_is_published_through_the_gate_and_a_broken_one_is_refused_with_its_report()
    {
        var loom = Directory.GetParent(Repository.Path("src", "Loom.Cli", "bin", Configuration, "net10.0", "loom.dll"))!.FullName;
        var sdk = Directory.GetFiles(Path.Combine(loom, "sdk"), "Loom.Sdk.*.nupkg").Single();
        var gate = new ComponentGate(GateOptions.Default(sdk, new WorkerLaunch("dotnet", [Path.Combine(loom, "loom.dll"), "worker"])));
        using var folder = new TempFolder();
        ComponentScaffold.Write("acme.flags", "csharp-transform", folder.Combine("good"), sdk);
        ZipFile.CreateFromDirectory(folder.Combine("good"), folder.Combine("good.zip"));
        ComponentScaffold.Write("acme.loud", "csharp-transform", folder.Combine("loud"), sdk);
        var code = folder.Combine("loud", "src", "Acme.Loud", "Loud.cs");
        File.WriteAllText(code, File.ReadAllText(code).Replace("long flagged = 0;", "long flagged = 0;\n        Console.WriteLine(flagged);", StringComparison.Ordinal));
        ZipFile.CreateFromDirectory(folder.Combine("loud"), folder.Combine("loud.zip"));

        await using var server = await ServerHarness.StartAsync("penguins", gate);
        await using var browser = await BrowserSession.LaunchAsync(server.Client.BaseAddress!, nameof(A_component_zip_is_published_through_the_gate_and_a_broken_one_is_refused_with_its_report));
        var page = browser.Page;
        await page.GotoAsync("/#/components");
        await Expect(page.GetByTestId("published-table")).ToContainTextAsync("No custom component is published yet.");

        await page.GetByTestId("component-file").SetInputFilesAsync(folder.Combine("good.zip"));
        await Expect(page.GetByTestId("publish-status")).ToContainTextAsync("Checking good.zip");
        var result = page.GetByTestId("publish-result");
        await Expect(result).ToContainTextAsync("Published acme.flags@1.0.0", new() { Timeout = 240_000 });
        await Expect(result.GetByTestId("gate-determinism")).ToHaveAttributeAsync("data-state", "passed");
        await Expect(page.GetByTestId("published-acme.flags@1.0.0")).ToContainTextAsync("upload");
        await browser.ScreenshotAsync("published");

        await page.GetByTestId("component-file").SetInputFilesAsync(folder.Combine("loud.zip"));
        await Expect(result).ToContainTextAsync("the component did not pass the quality gate's build stage; nothing was published", new() { Timeout = 240_000 });
        await Expect(result.GetByTestId("gate-build")).ToHaveAttributeAsync("data-state", "failed");
        await Expect(result.GetByTestId("gate-build")).ToContainTextAsync("src/Acme.Loud/Loud.cs:35:9 LOOM001: 'System.Console.WriteLine' writes to or reads from the console");
        await Expect(result.GetByTestId("gate-tests")).ToHaveAttributeAsync("data-state", "skipped");
        await browser.ScreenshotAsync("refused");
        await Expect(page.GetByTestId("published-table").Locator("tbody tr")).ToHaveCountAsync(1);

        // The repository is searched by name, description or origin; a version's details show its gate report and who ran it.
        await page.GetByTestId("published-search").FillAsync("loud");
        await Expect(page.GetByTestId("published-table")).ToContainTextAsync("No published component matches “loud”.");
        await page.GetByTestId("published-search").FillAsync("FLAG");
        await Expect(page.GetByTestId("published-acme.flags@1.0.0")).ToBeVisibleAsync();
        await page.GetByTestId("details-acme.flags@1.0.0").ClickAsync();
        var details = page.GetByTestId("published-details-acme.flags@1.0.0");
        await Expect(details.GetByTestId("gate-determinism")).ToHaveAttributeAsync("data-state", "passed");
        await Expect(details.GetByTestId("used-by")).ToHaveTextAsync("No pipeline has run this version yet.");
        var step = new StepRecord("r1", "flags", "acme.flags@1.0.0", StepStatus.Succeeded, null, false, 1, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null);
        await server.Workspace.Store.CreateRunAsync(new RunRecord("r1", "flagged", new string('d', 64), "flagged.yaml", "yaml", "{}", RunStatus.Succeeded, DateTimeOffset.UtcNow, null, null, null, null), [step]);
        await page.ReloadAsync();
        await page.GetByTestId("details-acme.flags@1.0.0").ClickAsync();
        await Expect(details.GetByTestId("used-by")).ToContainTextAsync("flagged: 1 run, last");
        await browser.ScreenshotAsync("details");

        // The new component is in the builder's palette.
        await page.GotoAsync("/#/pipelines/new?name=flagged");
        await page.GetByTestId("palette-search").FillAsync("acme");
        await Expect(page.GetByTestId("palette-item-acme.flags")).ToBeVisibleAsync();
        Assert.DoesNotContain(browser.PageErrors, e => !e.Contains("422", StringComparison.Ordinal));
    }

    private static string Configuration => AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
}
