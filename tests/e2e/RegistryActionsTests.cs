using Loom.Server.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loom.E2E.Tests;

/// <summary>Acting on the registry from the browser: promote through a gate, approve, roll back an alias; pin a pipeline version and roll the pin back.</summary>
public sealed class RegistryActionsTests
{
    private const string Gate = """
        apiVersion: loom/v1
        kind: Gate
        name: production
        metrics: [ "auc >= 0.7", "auc >= production.auc - 0.2" ]
        approvals: 1
        """;

    [Fact]
    public async Task A_version_is_promoted_refused_by_its_gate_approved_promoted_and_rolled_back_from_the_model_page()
    {
        await using var server = await ServerHarness.StartAsync();
        foreach (var fraction in new[] { 0.2, 0.3 })
        {
            var run = (await server.RunToEndAsync("telco-churn", new { test_fraction = fraction }))["id"]!.GetValue<string>();
            Assert.Equal(201, (await server.SendAsync(HttpMethod.Post, "/api/models", new { run, output = "train.model", name = "churn" })).Status);
        }

        await using var browser = await BrowserSession.LaunchAsync(server.Client.BaseAddress!, nameof(A_version_is_promoted_refused_by_its_gate_approved_promoted_and_rolled_back_from_the_model_page));
        var page = browser.Page;
        await page.GotoAsync("/#/models/churn");
        await Expect(page.GetByTestId("model-version-2")).ToBeVisibleAsync();

        await page.GetByLabel("Promote version 1").ClickAsync();
        var promote = page.GetByTestId("promote-dialog");
        await promote.GetByLabel("Alias").FillAsync("production");
        await promote.GetByLabel("Why").FillAsync("first model");
        await promote.GetByLabel("Your name").FillAsync("ana");
        await promote.GetByTestId("promote-dialog-confirm").ClickAsync();
        await Expect(promote).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("alias-production")).ToContainTextAsync("production → version 1");

        // The gate wants an approval: the refusal shows each rule's verdict and nothing moves.
        await page.GetByLabel("Promote version 2").ClickAsync();
        await promote.GetByLabel("Alias").FillAsync("production");
        await promote.GetByLabel("Gate (optional YAML, kind: Gate)").FillAsync(Gate);
        await Expect(promote.GetByLabel("Your name")).ToHaveValueAsync("ana");
        await promote.GetByTestId("promote-dialog-confirm").ClickAsync();
        await Expect(promote.GetByTestId("promote-dialog-error")).ToContainTextAsync("did not pass gate 'production' (approvals 1: needs 1 approval");
        var rules = promote.GetByTestId("gate-outcomes").Locator("li");
        await Expect(rules).ToHaveCountAsync(3);
        await Expect(rules.Nth(1)).ToHaveAttributeAsync("data-state", "passed");
        await Expect(rules.Nth(2)).ToHaveAttributeAsync("data-state", "failed");
        await browser.ScreenshotAsync("gate-refused");
        await promote.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(page.GetByTestId("alias-production")).ToContainTextAsync("version 1");

        await page.GetByLabel("Approve version 2").ClickAsync();
        var approve = page.GetByTestId("approve-dialog");
        await approve.GetByLabel("Your name").FillAsync("lee");
        await approve.GetByLabel("Comment").FillAsync("looked at the slices");
        await approve.GetByTestId("approve-dialog-confirm").ClickAsync();
        await Expect(approve).ToHaveCountAsync(0);

        await page.GetByLabel("Promote version 2").ClickAsync();
        await promote.GetByLabel("Alias").FillAsync("production");
        await promote.GetByLabel("Gate (optional YAML, kind: Gate)").FillAsync(Gate);
        await promote.GetByLabel("Your name").FillAsync("ana");
        await promote.GetByTestId("promote-dialog-confirm").ClickAsync();
        await Expect(promote).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("alias-production")).ToContainTextAsync("production → version 2");

        await page.GetByLabel("Roll back production").ClickAsync();
        var rollback = page.GetByTestId("rollback-dialog");
        await rollback.GetByLabel("Why").FillAsync("complaints");
        await rollback.GetByTestId("rollback-dialog-confirm").ClickAsync();
        await Expect(page.GetByTestId("alias-production")).ToContainTextAsync("production → version 1");
        var trail = page.GetByTestId("model-history").Locator("tbody tr");
        await Expect(trail).ToHaveCountAsync(3);
        await Expect(trail.Nth(1)).ToContainTextAsync("production: 3/3 rules passed");
        await Expect(trail.Nth(2)).ToContainTextAsync("rollback");
        await Expect(trail.Nth(2)).ToContainTextAsync("complaints");
        await browser.ScreenshotAsync("rolled-back");

        var history = (await server.GetJsonAsync("/api/models/churn/history"))["items"]!.AsArray();
        Assert.Equal(["ana", "ana", "ana"], history.Select(m => m!["actor"]!.GetValue<string>()));
        Assert.Equal("approved by lee", history[1]!["gate"]!["outcomes"]![2]!["detail"]!.GetValue<string>());
        // The one console error is the browser's note of the refused promotion (422).
        Assert.DoesNotContain(browser.PageErrors, e => !e.Contains("422", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pipeline_version_is_pinned_and_the_pin_rolled_back_from_the_versions_drawer()
    {
        await using var server = await ServerHarness.StartAsync();
        var v1 = (await server.SendAsync(HttpMethod.Post, "/api/pipelines", new { document = PipelineDocuments.New("churn-pin", 20), message = "twenty" })).Body!["version"]!.GetValue<string>();
        var v2 = (await server.SendAsync(HttpMethod.Put, "/api/pipelines/churn-pin", new { document = PipelineDocuments.New("churn-pin", 30), base_version = v1, message = "thirty" })).Body!["version"]!.GetValue<string>();
        await using var browser = await BrowserSession.LaunchAsync(server.Client.BaseAddress!, nameof(A_pipeline_version_is_pinned_and_the_pin_rolled_back_from_the_versions_drawer));
        var page = browser.Page;
        await page.GotoAsync("/#/pipelines/churn-pin");
        await page.GetByTestId("versions").ClickAsync();
        var drawer = page.GetByTestId("versions-drawer");
        var (first, second) = (drawer.GetByTestId($"version-{v1[..12]}"), drawer.GetByTestId($"version-{v2[..12]}"));
        await Expect(first).ToContainTextAsync("twenty");
        await Expect(drawer.GetByTestId("pinned-badge")).ToHaveCountAsync(0);

        foreach (var (version, reason) in new[] { (v1, "known good"), (v2, "faster") })
        {
            await drawer.GetByLabel($"Pin version {version[..12]}").ClickAsync();
            var dialog = page.GetByTestId("pin-dialog");
            await dialog.GetByLabel("Why").FillAsync(reason);
            await dialog.GetByTestId("pin-dialog-confirm").ClickAsync();
            await Expect(dialog).ToHaveCountAsync(0);
        }

        await Expect(second.GetByTestId("pinned-badge")).ToBeVisibleAsync();
        await Expect(first.GetByTestId("pinned-badge")).ToHaveCountAsync(0);
        await drawer.GetByTestId("rollback-pin").ClickAsync();
        await page.GetByTestId("pin-rollback-dialog").GetByTestId("pin-rollback-dialog-confirm").ClickAsync();
        await Expect(first.GetByTestId("pinned-badge")).ToBeVisibleAsync();
        await Expect(second.GetByTestId("pinned-badge")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("pin-rolled-back");

        var pin = await server.GetJsonAsync("/api/pipelines/churn-pin/pin");
        Assert.Equal(v1, pin["pinned"]!.GetValue<string>());
        Assert.Equal(["pin", "pin", "rollback"], pin["history"]!.AsArray().Select(m => m!["action"]!.GetValue<string>()));
        Assert.Equal(["known good", "faster", null], pin["history"]!.AsArray().Select(m => m!["reason"]?.GetValue<string>()));
        Assert.Empty(browser.PageErrors);
    }
}
