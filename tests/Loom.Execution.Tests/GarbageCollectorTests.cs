using System.Text;
using Loom.Execution;
using Loom.Execution.Retention;
using Loom.Metadata.Records;
using Loom.Testing;

namespace Loom.Execution.Tests;

/// <summary>What <c>loom gc</c> keeps besides runs: published components' packages and sources, model versions' training baselines, recent cache entries, files a stopped gc set aside.</summary>
public sealed class GarbageCollectorTests
{
    [Fact]
    public async Task Published_component_files_baselines_and_recent_cache_outputs_stay_and_a_file_a_stopped_gc_set_aside_is_put_back()
    {
        using var folder = new TempFolder();
        await using var workspace = await Workspace.InitAsync(folder.Path);
        var package = await PutAsync(workspace, "package");
        var source = await PutAsync(workspace, "source");
        var cached = await PutAsync(workspace, "cached");
        var orphan = await PutAsync(workspace, "orphan");
        var baseline = await PutAsync(workspace, "baseline");
        await workspace.Store.PublishComponentAsync(new ComponentVersionRecord(
            "acme.flags", "1.0.0", "{\"name\":\"acme.flags\"}", "Acme.Flags", "Acme.Flags.dll", package, source, "c1", "upload", null, null, null, "{}", "ana", DateTimeOffset.UtcNow));
        await workspace.Store.PutCacheAsync("key", new Dictionary<string, string> { ["out"] = cached });
        await workspace.Store.CreateRunAsync(new RunRecord("r1", "p", new string('a', 64), "p.yaml", "yaml: text", "{}", RunStatus.Succeeded, DateTimeOffset.UtcNow.AddDays(-30), null, null, null, "host:1"), []);
        await workspace.Store.RegisterModelVersionAsync(new ModelVersionRecord("churn", 0, "r1", "train", "model", new string('e', 64), "p", new string('a', 64), null, "{}", "{}", "ana", DateTimeOffset.UtcNow.AddDays(-30), null, baseline));
        foreach (var sha in new[] { package, source, cached, orphan, baseline })
        {
            File.SetLastWriteTimeUtc(workspace.Artifacts.PathOf(sha), DateTime.UtcNow.AddDays(-2));
        }

        // A gc stopped after setting the cached output aside: while aside it reads as missing, and is not deleted by a read.
        File.Move(workspace.Artifacts.PathOf(cached), workspace.Artifacts.PathOf(cached) + ".gc");
        Assert.Null(await workspace.Artifacts.TryGetVerifiedPathAsync(cached));
        Assert.True(File.Exists(workspace.Artifacts.PathOf(cached) + ".gc"));

        var report = await new GarbageCollector(workspace).CollectAsync(TimeSpan.FromDays(1), TimeSpan.FromHours(1), dryRun: false, CancellationToken.None);

        Assert.Equal([orphan], report.Deleted.Select(d => d.Sha256));
        Assert.Null(await workspace.Artifacts.TryGetVerifiedPathAsync(orphan));
        Assert.All(new[] { package, source, cached, baseline }, sha => Assert.True(File.Exists(workspace.Artifacts.PathOf(sha)), sha));
        Assert.False(File.Exists(workspace.Artifacts.PathOf(cached) + ".gc"));
    }

    private static async Task<string> PutAsync(Workspace workspace, string text) =>
        (await workspace.Artifacts.PutAsync((stream, token) => stream.WriteAsync(Encoding.UTF8.GetBytes(text), token).AsTask())).Sha256;
}
