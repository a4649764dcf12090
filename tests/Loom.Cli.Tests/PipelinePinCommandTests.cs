using System.Text.Json;
using Loom.Testing;

namespace Loom.Cli.Tests;

/// <summary>A pipeline's versions with what changed, its pin, rollback of the pin, and runs of the pinned version.</summary>
public sealed class PipelinePinCommandTests
{
    [Fact]
    public async Task Versions_are_listed_with_their_changes_one_is_pinned_and_rolled_back_and_the_pinned_version_runs_whatever_the_file_says()
    {
        using var workspace = LoomProcess.CopyExample("telco-churn");
        var first = await RunAsync(workspace, "run", "pipelines/churn.yaml", "--json");
        var yaml = await File.ReadAllTextAsync(workspace.Combine("pipelines/churn.yaml"));
        workspace.Write("pipelines/churn.yaml", yaml.Replace("params: { label: churn, positive: \"Yes\" }", "params: { label: churn, positive: \"Yes\", iterations: 50 }", StringComparison.Ordinal));
        var second = await RunAsync(workspace, "run", "pipelines/churn.yaml", "--json");
        Assert.NotEqual(first, second);

        var versions = JsonDocument.Parse(await LoomAsync(workspace, "pipelines", "versions", "telco-churn", "--json")).RootElement.EnumerateArray().ToList();
        Assert.Equal([second, first], versions.Select(v => v.GetProperty("version").GetString()));
        Assert.Equal(["~ train.params.iterations: (none) -> 50"], versions[0].GetProperty("changes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["first version"], versions[1].GetProperty("changes").EnumerateArray().Select(c => c.GetString()));

        Assert.Equal($"telco-churn is pinned to {first[..12]}", (await LoomAsync(workspace, "pipelines", "pin", "telco-churn", first[..8], "--reason", "validated")).Trim());
        Assert.Equal($"telco-churn is pinned to {second[..12]} (was {first[..12]})", (await LoomAsync(workspace, "pipelines", "pin", "telco-churn", second[..8])).Trim());
        Assert.Equal($"telco-churn is pinned to {first[..12]} again (was {second[..12]})", (await LoomAsync(workspace, "pipelines", "rollback", "telco-churn", "--reason", "slower")).Trim());
        var trail = JsonDocument.Parse(await LoomAsync(workspace, "pipelines", "history", "telco-churn", "--json")).RootElement.EnumerateArray().ToList();
        Assert.Equal(["pin", "pin", "rollback"], trail.Select(m => m.GetProperty("action").GetString()));
        Assert.Equal(["validated", null, "slower"], trail.Select(m => m.TryGetProperty("reason", out var r) ? r.GetString() : null));

        // The file holds the second version; the pinned run is the first.
        var pinned = await LoomProcess.RunAsync(workspace.Path, "run", "--pinned", "telco-churn", "--json");
        Assert.True(pinned.Exit == 0, pinned.Err);
        Assert.Equal(first, JsonDocument.Parse(pinned.Out).RootElement.GetProperty("pipeline").GetProperty("version").GetString());
        Assert.Contains($"{first[..12]} (pinned)", await LoomAsync(workspace, "pipelines", "versions", "telco-churn"), StringComparison.Ordinal);

        await RefusedAsync(workspace, "pipeline 'telco-churn' has no version starting with 'ffff'", "pipelines", "pin", "telco-churn", "ffff");
        await RefusedAsync(workspace, "pipeline 'churn' has no saved or run version in this workspace", "pipelines", "versions", "churn");
        await RefusedAsync(workspace, "no version was pinned before; there is nothing to roll back to", "pipelines", "rollback", "telco-churn");
        await RefusedAsync(workspace, "pipeline 'other' is not pinned", "run", "--pinned", "other");
        await RefusedAsync(workspace, "give one of a pipeline file, --pinned NAME and --resume RUN", "run", "pipelines/churn.yaml", "--pinned", "telco-churn");
    }

    private static async Task<string> RunAsync(TempFolder workspace, params string[] args) =>
        JsonDocument.Parse(await LoomAsync(workspace, args)).RootElement.GetProperty("pipeline").GetProperty("version").GetString()!;

    private static async Task<string> LoomAsync(TempFolder workspace, params string[] args)
    {
        var (exit, stdout, stderr) = await LoomProcess.RunAsync(workspace.Path, args);
        Assert.True(exit == 0, $"loom {string.Join(' ', args)}: {stdout}{stderr}");
        return stdout;
    }

    private static async Task RefusedAsync(TempFolder workspace, string message, params string[] args)
    {
        var (exit, _, stderr) = await LoomProcess.RunAsync(workspace.Path, args);
        Assert.Equal(2, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }
}
