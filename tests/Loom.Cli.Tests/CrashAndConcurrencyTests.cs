using System.Diagnostics;
using System.Text.Json;
using Loom.Execution;
using Loom.Metadata.Records;
using static Loom.Cli.Tests.LoomProcess;

namespace Loom.Cli.Tests;

public sealed class CrashAndConcurrencyTests
{
    /// <summary>The telco example with a training step slow enough to interrupt.</summary>
    private static Loom.Testing.TempFolder SlowTelco()
    {
        var ws = CopyExample("telco-churn");
        var path = Path.Combine(ws.Path, "pipelines", "churn.yaml");
        File.WriteAllText(path, File.ReadAllText(path).Replace("positive: \"Yes\"", "positive: \"Yes\", iterations: 6000, learning_rate: 0.005", StringComparison.Ordinal));
        return ws;
    }

    private static async Task<RunRecord> WaitForStepAsync(string workspace, string step, StepStatus status)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(Path.Combine(workspace, ".loom", "loom.db")))
            {
                await using var ws = await Workspace.OpenAsync(workspace);
                var run = (await ws.Store.ListRunsAsync(new RunQuery())).FirstOrDefault();
                if (run is not null && (await ws.Store.GetStepsAsync(run.Id)).Any(s => s.Name == step && s.Status == status))
                {
                    return run;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"step {step} never reached {status}");
    }

    private static async Task<string> IntegrityCheckAsync(string workspace)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(workspace, ".loom", "loom.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Kill_9_during_training_then_resume_finishes_without_rerunning_finished_steps()
    {
        using var ws = SlowTelco();
        using var process = Start(ws.Path, "run", "pipelines/churn.yaml");
        var run = await WaitForStepAsync(ws.Path, "train", StepStatus.Running);
        process.Kill(); // SIGKILL: no chance to clean up
        await process.WaitForExitAsync();

        await using (var before = await Workspace.OpenAsync(ws.Path))
        {
            Assert.Equal(RunStatus.Running, (await before.Store.FindRunAsync(run.Id))!.Status);
        }

        Assert.Equal("ok", await IntegrityCheckAsync(ws.Path));
        foreach (var file in Directory.GetFiles(Path.Combine(ws.Path, ".loom", "artifacts", "sha256"), "*", SearchOption.AllDirectories))
        {
            // Whatever the kill interrupted, every artifact under a real name is complete.
            Assert.Equal(Path.GetFileName(file), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))));
        }

        var shown = await RunAsync(ws.Path, "runs", "show", run.Id);
        Assert.Contains($"run {run.Id} interrupted", shown.Out);
        Assert.Contains($"loom run --resume {run.Id}", shown.Out);

        var (exit, stdout, stderr) = await RunAsync(ws.Path, "run", "--resume", run.Id, "--json");
        Assert.True(exit == 0, stderr + stdout);
        var result = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal((run.Id, "succeeded"), (result.GetProperty("run_id").GetString(), result.GetProperty("status").GetString()));
        var steps = result.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("attempts").GetInt32());
        Assert.Equal((1, 1, 2, 1), (steps["load"], steps["split"], steps["train"], steps["evaluate"]));
        var interrupted = result.GetProperty("attempts").EnumerateArray().Single(a => a.GetProperty("step").GetString() == "train" && a.GetProperty("number").GetInt32() == 1);
        Assert.StartsWith("interrupted", interrupted.GetProperty("error").GetString());
        Assert.True(result.GetProperty("metrics").GetProperty("metrics").GetProperty("auc").GetDouble() > 0.8);
    }

    [Fact]
    public async Task Ctrl_c_records_the_run_as_cancelled_and_it_can_be_resumed()
    {
        using var ws = SlowTelco();
        using var process = Start(ws.Path, "run", "pipelines/churn.yaml");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var run = await WaitForStepAsync(ws.Path, "train", StepStatus.Running);
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync();
        var printed = await stdout;
        Assert.True(process.ExitCode == 130, $"exit code {process.ExitCode} after SIGINT; the run printed:\n{printed}");
        Assert.Contains("cancelled", printed);
        await using (var after = await Workspace.OpenAsync(ws.Path))
        {
            var record = (await after.Store.FindRunAsync(run.Id))!;
            Assert.Equal(RunStatus.Cancelled, record.Status);
            Assert.Equal(StepStatus.Cancelled, (await after.Store.GetStepsAsync(run.Id)).Single(s => s.Name == "train").Status);
        }

        var resumed = await RunAsync(ws.Path, "run", "--resume", run.Id);
        Assert.True(resumed.Exit == 0, resumed.Err + resumed.Out);
    }

    [Fact]
    public async Task Resuming_a_run_whose_process_is_alive_is_refused()
    {
        using var ws = SlowTelco();
        using var process = Start(ws.Path, "run", "pipelines/churn.yaml");
        try
        {
            var run = await WaitForStepAsync(ws.Path, "train", StepStatus.Running);
            var (exit, _, stderr) = await RunAsync(ws.Path, "run", "--resume", run.Id);
            Assert.Equal(2, exit);
            Assert.Contains("is being executed by another loom process right now", stderr);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Two_runs_on_one_workspace_at_once_both_succeed()
    {
        using var ws = CopyExample("telco-churn");
        var first = RunAsync(ws.Path, "run", "pipelines/churn.yaml", "--no-cache", "--json");
        var second = RunAsync(ws.Path, "run", "pipelines/churn.yaml", "--no-cache", "--json");
        var results = await Task.WhenAll(first, second);

        Assert.All(results, r => Assert.True(r.Exit == 0, r.Err + r.Out));
        var ids = results.Select(r => JsonDocument.Parse(r.Out).RootElement.GetProperty("run_id").GetString()).ToList();
        Assert.NotEqual(ids[0], ids[1]);
        var list = JsonDocument.Parse((await RunAsync(ws.Path, "runs", "list", "--json", "--status", "succeeded")).Out).RootElement;
        Assert.Equal(2, list.GetArrayLength());
        var third = await RunAsync(ws.Path, "run", "pipelines/churn.yaml", "--json");
        Assert.All(JsonDocument.Parse(third.Out).RootElement.GetProperty("steps").EnumerateArray(), s => Assert.True(s.GetProperty("cache_hit").GetBoolean()));
    }

    [Fact]
    public async Task A_deleted_or_corrupted_artifact_is_recomputed_on_the_next_run()
    {
        using var ws = CopyExample("telco-churn");
        var first = JsonDocument.Parse((await RunAsync(ws.Path, "run", "pipelines/churn.yaml", "--json")).Out).RootElement;
        var model = first.GetProperty("outputs").GetProperty("model").GetProperty("sha256").GetString()!;
        var metrics = first.GetProperty("outputs").GetProperty("metrics").GetProperty("sha256").GetString()!;
        var modelPath = Path.Combine(ws.Path, ".loom", "artifacts", "sha256", model[..2], model);
        File.SetAttributes(modelPath, FileAttributes.Normal);
        File.WriteAllText(modelPath, "corrupted");
        File.Delete(Path.Combine(ws.Path, ".loom", "artifacts", "sha256", metrics[..2], metrics));

        var (exit, stdout, stderr) = await RunAsync(ws.Path, "run", "pipelines/churn.yaml", "--json");
        Assert.True(exit == 0, stderr);
        var steps = JsonDocument.Parse(stdout).RootElement.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("cache_hit").GetBoolean());
        Assert.Equal((true, true, false, false), (steps["load"], steps["split"], steps["train"], steps["evaluate"]));
    }
}
