using System.IO.Compression;
using System.Text.Json;
using static Loom.Cli.Tests.LoomProcess;

namespace Loom.Cli.Tests;

public sealed class RunCommandTests
{
    [Fact]
    public async Task The_telco_example_runs_then_reruns_fully_cached_and_can_be_inspected()
    {
        using var ws = CopyExample("telco-churn");
        var (exit, stdout, stderr) = await RunAsync(ws.Path, "run", "pipelines/churn.yaml", "--json");
        Assert.True(exit == 0, stderr + stdout);
        var first = JsonDocument.Parse(stdout).RootElement;
        var runId = first.GetProperty("run_id").GetString()!;
        Assert.Equal("succeeded", first.GetProperty("status").GetString());
        Assert.All(first.GetProperty("steps").EnumerateArray(), s => Assert.False(s.GetProperty("cache_hit").GetBoolean()));
        Assert.True(first.GetProperty("metrics").GetProperty("metrics").GetProperty("auc").GetDouble() >= 0.83);

        var (exit2, stdout2, _) = await RunAsync(ws.Path, "run", "pipelines/churn.yaml", "--json");
        Assert.Equal(0, exit2);
        var second = JsonDocument.Parse(stdout2).RootElement;
        Assert.All(second.GetProperty("steps").EnumerateArray(), s => Assert.True(s.GetProperty("cache_hit").GetBoolean()));
        Assert.Equal(first.GetProperty("outputs").GetProperty("model").GetProperty("sha256").GetString(), second.GetProperty("outputs").GetProperty("model").GetProperty("sha256").GetString());

        var list = JsonDocument.Parse((await RunAsync(ws.Path, "runs", "list", "--json")).Out).RootElement;
        Assert.Equal(2, list.GetArrayLength());

        var show = await RunAsync(ws.Path, "runs", "show", runId, "--json");
        Assert.Equal(runId, JsonDocument.Parse(show.Out).RootElement.GetProperty("run_id").GetString());

        var text = await RunAsync(ws.Path, "runs", "show", runId);
        Assert.Contains($"run {runId} succeeded", text.Out);
        Assert.Contains("metrics: auc 0.8", text.Out);

        var logs = await RunAsync(ws.Path, "logs", runId, "train");
        Assert.Contains("positive class 'Yes' (given by parameter 'positive')", logs.Out);
        var cachedLogs = await RunAsync(ws.Path, "logs", second.GetProperty("run_id").GetString()!, "train");
        Assert.Contains($"step 'train' reused the outputs computed by run {runId}; its log there:", cachedLogs.Out);
        Assert.Contains("positive class 'Yes'", cachedLogs.Out);

        var get = await RunAsync(ws.Path, "artifacts", "get", runId, "train.model", "-o", "out");
        Assert.Equal(0, get.Exit);
        using (var zip = ZipFile.OpenRead(Path.Combine(ws.Path, "out", "train.model.zip")))
        {
            Assert.NotNull(zip.GetEntry("model.mlnet"));
            Assert.NotNull(zip.GetEntry("loom-model.json"));
        }

        var again = await RunAsync(ws.Path, "artifacts", "get", runId, "train.model", "-o", "out");
        Assert.Equal(2, again.Exit);
        Assert.Contains("exists; pass --force", again.Err);
        var wrong = await RunAsync(ws.Path, "artifacts", "get", runId, "train.weights", "-o", "out");
        Assert.Contains("has no output train.weights; its outputs are", wrong.Err);
    }

    [Fact]
    public async Task A_file_output_is_copied_out_with_the_extension_its_component_declares()
    {
        using var ws = CopyExample("penguins");
        File.WriteAllText(Path.Combine(ws.Path, "pipelines", "copy.yaml"), """
            apiVersion: loom/v1
            kind: Pipeline
            name: copy
            steps:
              load: { component: data.read-csv@1, params: { path: data/penguins.csv } }
              save: { component: data.write-csv@1, inputs: { table: load.table } }
            """);
        var run = await RunAsync(ws.Path, "run", "pipelines/copy.yaml", "--json");
        Assert.True(run.Exit == 0, run.Err + run.Out);
        var runId = JsonDocument.Parse(run.Out).RootElement.GetProperty("run_id").GetString()!;

        var get = await RunAsync(ws.Path, "artifacts", "get", runId, "save.file", "-o", "out");
        Assert.True(get.Exit == 0, get.Err);
        var copied = File.ReadAllLines(Path.Combine(ws.Path, "out", "save.file.csv"));
        Assert.Equal(File.ReadAllLines(Path.Combine(ws.Path, "data", "penguins.csv")).Length, copied.Length);
        Assert.StartsWith("species,island", copied[0].Replace("\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parameters_from_the_command_line_are_typed_and_checked()
    {
        using var ws = CopyExample("telco-churn");
        var bad = await RunAsync(ws.Path, "run", "pipelines/churn.yaml", "--param", "test_fraction=lots");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("value 'lots' is not a valid number", bad.Err);

        var missing = await RunAsync(ws.Path, "run", "pipelines/churn.yaml", "--param", "data=nope.csv");
        Assert.Equal(2, missing.Exit);
        Assert.Contains("pipelines/churn.yaml:13:", missing.Err);
        Assert.Contains("input file 'nope.csv' does not exist", missing.Err);

        var malformed = await RunAsync(ws.Path, "run", "pipelines/churn.yaml", "--param", "data");
        Assert.Equal(2, malformed.Exit);
        Assert.Contains("--param 'data' must be NAME=VALUE", malformed.Err);

        var resume = await RunAsync(ws.Path, "run", "--resume", "r1", "--param", "data=x.csv");
        Assert.Equal(2, resume.Exit);
        Assert.Contains("a resumed run keeps the parameters it started with", resume.Err);

        File.WriteAllText(Path.Combine(ws.Path, "loom.yaml"), File.ReadAllText(Path.Combine(ws.Path, "loom.yaml")).Replace("default_retries: 2", "default_retries: 20", StringComparison.Ordinal));
        var retries = await RunAsync(ws.Path, "run", "pipelines/churn.yaml");
        Assert.Equal(2, retries.Exit);
        Assert.Contains("default retries (default_retries) must be between 0 and 10, found 20", retries.Err);
    }

    [Fact]
    public async Task A_failing_step_exits_1_with_the_reason_and_the_run_is_recorded()
    {
        using var ws = CopyExample("telco-churn");
        var yaml = File.ReadAllText(Path.Combine(ws.Path, "pipelines", "churn.yaml")).Replace("label: churn,", "label: churned,", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(ws.Path, "pipelines", "bad.yaml"), yaml);
        var (exit, stdout, _) = await RunAsync(ws.Path, "run", "pipelines/bad.yaml");

        Assert.Equal(1, exit);
        Assert.Contains("FAILED: step 'train': label column 'churned' is not in the table", stdout);
        Assert.Contains("evaluate         skipped", stdout);
        var list = JsonDocument.Parse((await RunAsync(ws.Path, "runs", "list", "--json", "--status", "failed")).Out).RootElement;
        Assert.Equal(1, list.GetArrayLength());
    }

    [Fact]
    public async Task The_readme_tour_init_an_example_then_the_same_data_under_another_name_is_all_cache_hits()
    {
        using var folder = new Loom.Testing.TempFolder();
        var init = await RunAsync(folder.Path, "init", "my-ws", "--example", "telco-churn");
        Assert.True(init.Exit == 0, init.Err);
        var ws = folder.Combine("my-ws");
        File.Copy(Path.Combine(ws, "data", "telco_churn.csv"), Path.Combine(ws, "telco.csv"));

        var first = await RunAsync(ws, "run", "pipelines/churn.yaml", "--param", "data=telco.csv", "--json");
        Assert.True(first.Exit == 0, first.Err);
        var second = await RunAsync(ws, "run", "pipelines/churn.yaml", "--json");
        Assert.True(second.Exit == 0, second.Err);
        Assert.All(JsonDocument.Parse(second.Out).RootElement.GetProperty("steps").EnumerateArray(), s => Assert.True(s.GetProperty("cache_hit").GetBoolean()));

        var unknown = await RunAsync(folder.Path, "init", "other", "--example", "nope");
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("unknown example 'nope'; the examples are ames-housing, diamonds, fine-foods, letter-recognition, penguins, telco-churn", unknown.Err);
    }

    [Fact]
    public async Task Init_creates_a_workspace_once_and_commands_outside_one_explain_what_to_do()
    {
        using var folder = new Loom.Testing.TempFolder();
        var init = await RunAsync(folder.Path, "init", "my-ws");
        Assert.Equal(0, init.Exit);
        Assert.True(File.Exists(folder.Combine("my-ws", "loom.yaml")));
        Assert.True(Directory.Exists(folder.Combine("my-ws", ".loom")));
        Assert.True(Directory.Exists(folder.Combine("my-ws", "pipelines")));

        var twice = await RunAsync(folder.Path, "init", "my-ws");
        Assert.Equal((2, true), (twice.Exit, twice.Err.Contains("is a workspace already", StringComparison.Ordinal)));

        var outside = await RunAsync(folder.Path, "runs", "list");
        Assert.Equal(2, outside.Exit);
        Assert.Contains("not in a Loom workspace", outside.Err);

        var inside = await RunAsync(folder.Combine("my-ws", "pipelines"), "runs", "list", "--json");
        Assert.Equal((0, "[]"), (inside.Exit, inside.Out.Trim()));
    }

    [Fact]
    public async Task A_run_records_the_git_commit_of_its_pipeline_file()
    {
        using var ws = CopyExample("telco-churn");
        await GitAsync(ws.Path, "init", "-q");
        await GitAsync(ws.Path, "add", ".");
        await GitAsync(ws.Path, "-c", "user.email=test@example.com", "-c", "user.name=test", "commit", "-qm", "pipeline");
        var head = (await GitAsync(ws.Path, "rev-parse", "HEAD")).Trim();

        var (exit, stdout, stderr) = await RunAsync(ws.Path, "run", "pipelines/churn.yaml", "--json");
        Assert.True(exit == 0, stderr);
        Assert.Equal(head, JsonDocument.Parse(stdout).RootElement.GetProperty("git_commit").GetString());
    }

    private static async Task<string> GitAsync(string folder, params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var git = System.Diagnostics.Process.Start(info)!;
        var output = await git.StandardOutput.ReadToEndAsync();
        await git.WaitForExitAsync();
        return git.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', args)} failed");
    }

    [Fact]
    public async Task Usage_errors_exit_2()
    {
        using var ws = CopyExample("telco-churn");
        Assert.Equal(2, (await RunAsync(ws.Path, "run", "pipelines/churn.yaml", "--frobnicate")).Exit);
        Assert.Equal(2, (await RunAsync(ws.Path, "run")).Exit);
        Assert.Equal(2, (await RunAsync(ws.Path, "runs", "show", "r-nope")).Exit);
        var badWorkspace = await RunAsync(ws.Path, "runs", "list", "-w", "/nonexistent");
        Assert.Equal(2, badWorkspace.Exit);
        Assert.Contains("'/nonexistent' is not a workspace", badWorkspace.Err);
    }
}
