using System.Globalization;
using System.Text.Json.Nodes;
using Loom.Serving.Hosting;
using Loom.Serving.Monitoring;

namespace Loom.Serving.Tests;

/// <summary>Model health: traffic like the training data is ok; shifted numbers and unseen categories are drift, field by field.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Traffic_like_the_training_data_is_ok_and_shifted_traffic_is_drift_named_by_field()
    {
        await using var workspace = await ServingWorkspace.CreateAsync();
        var (version, _) = await workspace.RegisterAsync(20);
        await workspace.PromoteAsync(version);
        await using var hook = await Webhook.StartAsync();
        await using var client = await ServingClient.StartAsync(workspace, new ServingOptions { Health = new HealthThresholds { WindowRows = 500, MinRows = 300 }, HealthInterval = TimeSpan.FromMilliseconds(300), AlertWebhook = hook.Address });
        var (header, lines) = Rows.Read(workspace.DataFile);

        var collecting = (await client.GetJsonAsync("/v1/models/churn/health"))["report"]!;
        Assert.Equal("collecting", collecting["status"]!.GetValue<string>());

        Assert.Equal(200, (await client.PostAsync("/v1/models/churn/predict", Rows.Csv(header, lines.Skip(1000).Take(500)), "text/csv")).Status);
        await Task.Delay(2100);
        var ok = (await client.GetJsonAsync("/v1/models/churn/health"))["report"]!;
        Assert.True(ok["status"]!.GetValue<string>() == "ok", ok.ToJsonString());
        Assert.Equal(500, ok["window_rows"]!.GetValue<int>());
        Assert.InRange(ok["baseline_rows"]!.GetValue<long>(), 5000, 6000);
        var fields = ok["fields"]!.AsArray();
        Assert.Equal("prediction", fields[^1]!["name"]!.GetValue<string>());
        Assert.All(fields, f => Assert.InRange(f!["psi"]!.GetValue<double>(), 0, 0.2));

        // Customers who stay five times longer, on a contract the model never saw.
        var (tenure, contract) = (Array.IndexOf(header, "tenure"), Array.IndexOf(header, "contract"));
        var shifted = lines.Take(500).Select(l =>
        {
            var copy = (string[])l.Clone();
            copy[tenure] = (double.Parse(copy[tenure], CultureInfo.InvariantCulture) * 5 + 80).ToString(CultureInfo.InvariantCulture);
            copy[contract] = "Five year";
            return copy;
        });
        Assert.Equal(200, (await client.PostAsync("/v1/models/churn/predict", Rows.Csv(header, shifted), "text/csv")).Status);
        await Task.Delay(2100);
        var drift = (await client.GetJsonAsync("/v1/models/churn/health"))["report"]!;
        Assert.Equal("drift", drift["status"]!.GetValue<string>());
        var byName = drift["fields"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!);
        Assert.True(byName["tenure"]["psi"]!.GetValue<double>() > 0.2, byName["tenure"].ToJsonString());
        Assert.InRange(byName["tenure"]["p_value"]!.GetValue<double>(), 0, 0.001);
        Assert.Equal(1.0, byName["contract"]["unseen_share"]!.GetValue<double>());
        Assert.Contains(byName["contract"]["drifted"]!.AsArray(), r => r!.GetValue<string>().StartsWith("unseen categories 1 > 0.05", StringComparison.Ordinal));
        Assert.Empty(byName["female"]["drifted"]!.AsArray());
        Assert.Contains("drift in tenure (psi", drift["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // The fields that started to drift are alerts: posted to the webhook once each, and kept in the metadata store.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(hook.Received.Any(a => a["field"]!.GetValue<string>() == "tenure") && hook.Received.Any(a => a["field"]!.GetValue<string>() == "contract")))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no alerts for tenure and contract within 20 s: {string.Join(", ", hook.Received.Select(a => a.ToJsonString()))}");
            await Task.Delay(100);
        }

        await Task.Delay(1000);
        Assert.Single(hook.Received, a => a["field"]!.GetValue<string>() == "tenure");
        Assert.Equal(version, hook.Received.First()["version"]!.GetValue<int>());
        Assert.DoesNotContain(hook.Received, a => a["field"]!.GetValue<string>() == "female");
        var alerts = (await client.GetJsonAsync("/v1/models/churn/alerts"))["alerts"]!.AsArray();
        Assert.Equal(hook.Received.Count, alerts.Count);
        Assert.StartsWith("psi ", alerts.Single(a => a!["field"]!.GetValue<string>() == "tenure")!["rules"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(alerts.Count, (await workspace.Workspace.Store.ListModelAlertsAsync("churn")).Count);

        var metrics = (await client.Http.GetStringAsync("/metrics")).Split('\n');
        Assert.Contains(metrics, l => l.StartsWith("loom_serving_drift_psi{", StringComparison.Ordinal) && l.Contains("field=\"tenure\"", StringComparison.Ordinal));
        Assert.Contains(metrics, l => l.StartsWith("loom_serving_drift_drifted_fields{", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_baseline_recorded_at_registration_keeps_a_version_monitored_after_its_training_data_is_deleted()
    {
        await using var workspace = await ServingWorkspace.CreateAsync();
        var (recorded, _) = await workspace.RegisterAsync(20);
        var (unrecorded, _) = await workspace.RegisterAsync(21, recordBaseline: false);
        var versions = await workspace.Workspace.Store.ListModelVersionsAsync("churn");
        Assert.NotNull(versions.Single(v => v.Version == recorded).BaselineSha256);
        Assert.Null(versions.Single(v => v.Version == unrecorded).BaselineSha256);
        await workspace.DeleteTrainingTableAsync(recorded);
        await workspace.DeleteTrainingTableAsync(unrecorded);

        await using var client = await ServingClient.StartAsync(workspace, new ServingOptions { Health = new HealthThresholds { MinRows = 100 } }, $"churn@{recorded}");
        var (header, lines) = Rows.Read(workspace.DataFile);
        Assert.Equal(200, (await client.PostAsync("/v1/models/churn/predict", Rows.Csv(header, lines.Skip(1000).Take(500)), "text/csv")).Status);
        var report = (await client.GetJsonAsync("/v1/models/churn/health"))["report"]!;
        Assert.True(report["status"]!.GetValue<string>() == "ok", report.ToJsonString());
        Assert.InRange(report["baseline_rows"]!.GetValue<long>(), 5000, 6000);

        // The version registered without one has nothing left to compare with: served, and said to be unmonitored.
        await using var other = await ServingClient.StartAsync(workspace, null, $"churn@{unrecorded}");
        Assert.Equal(200, (await other.PostAsync("/v1/models/churn/predict", Rows.Csv(header, lines.Take(3)), "text/csv")).Status);
        var none = (await other.GetJsonAsync("/v1/models/churn/health"))["report"]!;
        Assert.Equal("no_baseline", none["status"]!.GetValue<string>());
        Assert.StartsWith("no training baseline was recorded when the version was registered", none["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
