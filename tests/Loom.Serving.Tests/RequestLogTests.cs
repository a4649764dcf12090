using System.Text.Json.Nodes;
using Loom.Serving.Hosting;

namespace Loom.Serving.Tests;

/// <summary>A sample of scored rows and their predictions, kept as JSON lines in the artifact folder for retraining, within a retention limit.</summary>
public sealed class RequestLogTests
{
    [Fact]
    public async Task Sampled_rows_are_written_with_their_predictions_and_files_past_the_retention_are_deleted()
    {
        await using var workspace = await ServingWorkspace.CreateAsync();
        var (version, _) = await workspace.RegisterAsync(20);
        await workspace.PromoteAsync(version);
        var folder = Path.Combine(workspace.Workspace.Artifacts.Root, "logs", "predictions", "churn", "1");
        Directory.CreateDirectory(folder);
        var old = Path.Combine(folder, "20250101-000000-000-1.jsonl");
        await File.WriteAllTextAsync(old, "{}\n");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-8));
        await using var client = await ServingClient.StartAsync(workspace, new ServingOptions { LogSample = 1, LogFlush = TimeSpan.FromMilliseconds(200) });
        var fields = (await client.GetJsonAsync("/v1/models/churn"))["fields"]!.AsArray();
        var (header, lines) = Rows.Read(workspace.DataFile);

        var batch = (await client.PostAsync("/v1/models/churn/predict", Rows.Csv(header, lines.Take(10)), "text/csv")).Body!["predictions"]!.AsArray();
        var single = (await client.PostAsync("/v1/models/churn/predict", Rows.Json(header, lines[10], fields).ToJsonString())).Body!;

        var deadline = DateTime.UtcNow.AddSeconds(20);
        List<JsonNode> kept;
        while ((kept = [.. Directory.EnumerateFiles(folder, "*.jsonl").Order(StringComparer.Ordinal).SelectMany(File.ReadLines).Select(l => JsonNode.Parse(l)!)]).Count < 11)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {kept.Count} sampled rows were written within 20 s");
            await Task.Delay(100);
        }

        Assert.False(File.Exists(old), "a file older than the retention was kept");
        Assert.Equal(11, kept.Count);
        Assert.All(kept, k => Assert.Equal(("churn", 1), (k["model"]!.GetValue<string>(), k["version"]!.GetValue<int>())));
        var tenure = Array.IndexOf(header, "tenure");
        Assert.Equal(lines.Take(11).Select(l => double.Parse(l[tenure], System.Globalization.CultureInfo.InvariantCulture)), kept.Select(k => k["row"]!["tenure"]!.GetValue<double>()));
        Assert.Equal(batch.Select(p => p!["probability"]!.GetValue<double>()).Append(single["probability"]!.GetValue<double>()), kept.Select(k => k["prediction"]!["probability"]!.GetValue<double>()));
        Assert.Equal(fields.Count, kept[0]["row"]!.AsObject().Count);
        Assert.Empty(Directory.EnumerateFiles(folder, ".*.tmp"));
    }
}
