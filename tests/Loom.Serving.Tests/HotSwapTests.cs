using System.Collections.Concurrent;
using Loom.Execution.Registry;
using Loom.Serving.Hosting;

namespace Loom.Serving.Tests;

/// <summary>Promotions and rollbacks switch the version served while requests keep coming, and none fails; a canary takes its share of requests.</summary>
public sealed class HotSwapTests
{
    [Fact]
    public async Task Promoting_and_rolling_back_switch_the_served_version_under_load_without_a_failed_or_mixed_answer()
    {
        await using var workspace = await ServingWorkspace.CreateAsync();
        var (first, _) = await workspace.RegisterAsync(20);
        var (second, _) = await workspace.RegisterAsync(60);
        await workspace.PromoteAsync(first);
        await using var client = await ServingClient.StartAsync(workspace);
        var fields = (await client.GetJsonAsync("/v1/models/churn"))["fields"]!.AsArray();
        var (header, lines) = Rows.Read(workspace.DataFile);
        var row = Rows.Json(header, lines[0], fields).ToJsonString();

        using var stop = new CancellationTokenSource();
        var answers = new ConcurrentBag<(int Status, int Version, double Probability)>();
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (status, body, _) = await client.PostAsync("/v1/models/churn/predict", row);
                answers.Add(status == 200 ? (status, body!["version"]!.GetValue<int>(), body["probability"]!.GetValue<double>()) : (status, 0, 0));
            }
        })).ToList();

        async Task WaitForVersionAsync(int version)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!answers.Any(a => a.Version == version && a.Status == 200) || (await client.GetJsonAsync("/v1/models/churn"))["version"]!.GetValue<int>() != version)
            {
                Assert.True(DateTime.UtcNow < deadline, $"version {version} was not served within 20 s");
                await Task.Delay(50);
            }
        }

        await Task.Delay(300);
        await workspace.PromoteAsync(second);
        await WaitForVersionAsync(second);
        await new ModelRegistry(workspace.Workspace).RollbackAsync("churn", "production", "tests", "load test", CancellationToken.None);
        var before = answers.Count;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await client.GetJsonAsync("/v1/models/churn"))["version"]!.GetValue<int>() != first || answers.Count < before + 50)
        {
            Assert.True(DateTime.UtcNow < deadline, "the rollback was not served within 20 s");
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Equal([first, second], answers.Select(a => a.Version).Distinct().Order());
        // Each answer is wholly one version's: the row's probability under each version is one number.
        Assert.All(answers.GroupBy(a => a.Version), g => Assert.Single(g.Select(a => a.Probability).Distinct()));
        Assert.NotEqual(answers.First(a => a.Version == first).Probability, answers.First(a => a.Version == second).Probability);
        Assert.True(answers.Count > 100, $"only {answers.Count} requests were answered");
    }

    [Fact]
    public async Task A_canary_answers_its_share_of_requests_and_both_versions_are_counted()
    {
        await using var workspace = await ServingWorkspace.CreateAsync();
        var (first, _) = await workspace.RegisterAsync(20, "churn-canary");
        var (second, _) = await workspace.RegisterAsync(60, "churn-canary");
        await workspace.PromoteAsync(first, name: "churn-canary");
        await workspace.PromoteAsync(second, "staging", "churn-canary");
        await using var client = await ServingClient.StartAsync(workspace, new ServingOptions { Canaries = [CanaryRoute.Parse("churn-canary@staging=30")] }, "churn-canary@production");
        var model = await client.GetJsonAsync("/v1/models/churn-canary");
        Assert.Equal(("churn-canary@staging", second, 30.0), (model["canary"]!["reference"]!.GetValue<string>(), model["canary"]!["version"]!.GetValue<int>(), model["canary"]!["percent"]!.GetValue<double>()));
        var fields = model["fields"]!.AsArray();
        var (header, lines) = Rows.Read(workspace.DataFile);
        var row = Rows.Json(header, lines[0], fields).ToJsonString();

        var versions = new List<int>();
        for (var i = 0; i < 400; i++)
        {
            var (status, body, _) = await client.PostAsync("/v1/models/churn-canary/predict", row);
            Assert.Equal(200, status);
            versions.Add(body!["version"]!.GetValue<int>());
        }

        // 30% of 400 is 120; a binomial count lies within 60 and 180 all but never.
        Assert.InRange(versions.Count(v => v == second), 60, 180);
        Assert.Equal(400, versions.Count(v => v == first || v == second));
        var rows = (await client.Http.GetStringAsync("/metrics")).Split('\n').Where(l => l.StartsWith("loom_serving_rows_total{", StringComparison.Ordinal) && l.Contains("model=\"churn-canary\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("canary", Assert.Throws<Sdk.LoomException>(() => CanaryRoute.Parse("churn@staging=130")).Message, StringComparison.Ordinal);
        var notServed = await Assert.ThrowsAsync<Sdk.LoomException>(() => ServingClient.StartAsync(workspace, new ServingOptions { Canaries = [CanaryRoute.Parse("fraud@staging=5")] }, "churn-canary@production"));
        Assert.Contains("this host does not serve model 'fraud'", notServed.Message, StringComparison.Ordinal);
    }
}
