using System.Text.Json;
using Loom.Execution;
using Loom.Metadata.Records;
using Loom.Pipelines.Catalog;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;
using Loom.Testing;
using Microsoft.Data.Analysis;
using Microsoft.ML;

namespace Loom.Components.Tests;

/// <summary>Runs pipelines of built-in components in a real temporary workspace and reads their artifacts.</summary>
internal sealed class ComponentHarness : IAsyncDisposable
{
    private static readonly ComponentCatalog BuiltIns = new ComponentCatalog().RegisterAssembly(BuiltInComponents.Assembly);

    private ComponentHarness(TempFolder folder, Workspace workspace) => (Folder, Workspace) = (folder, workspace);

    public TempFolder Folder { get; }

    public Workspace Workspace { get; }

    public static async Task<ComponentHarness> CreateAsync()
    {
        var folder = new TempFolder();
        return new ComponentHarness(folder, await Workspace.InitAsync(folder.Path));
    }

    public static string DataFile(string example, string file) => Repository.Path("examples", example, "data", file);

    public async Task<RunResult> RunAsync(string steps, string outputs = "", bool useCache = true)
    {
        var yaml = $"apiVersion: loom/v1\nkind: Pipeline\nname: t\nsteps:\n{steps}\n{outputs}\n";
        var plan = PipelinePlanner.Plan(PipelineParser.Parse(yaml, "t.yaml"), BuiltIns);
        var executor = Workspace.CreateExecutor(BuiltIns, new ExecutorOptions { BaseDirectory = Folder.Path, DefaultRetries = 0, UseCache = useCache });
        return await executor.RunAsync(new RunRequest(plan, yaml, new Dictionary<string, string>()));
    }

    /// <summary>Runs a pipeline file as it is, with its parameters' defaults, from this workspace's folder.</summary>
    public async Task<RunResult> RunFileOkAsync(string path)
    {
        var yaml = await File.ReadAllTextAsync(path);
        var plan = PipelinePlanner.Plan(PipelineParser.Parse(yaml, path), BuiltIns);
        var executor = Workspace.CreateExecutor(BuiltIns, new ExecutorOptions { BaseDirectory = Folder.Path, DefaultRetries = 0 });
        var result = await executor.RunAsync(new RunRequest(plan, yaml, new Dictionary<string, string>()));
        Assert.True(result.Run.Status == RunStatus.Succeeded, result.Run.Error);
        return result;
    }

    public async Task<RunResult> RunOkAsync(string steps, string outputs = "")
    {
        var result = await RunAsync(steps, outputs);
        Assert.True(result.Run.Status == RunStatus.Succeeded, result.Run.Error);
        return result;
    }

    public async Task<string> PathOfAsync(RunResult result, string step, string port)
    {
        var lineage = await Workspace.Store.GetLineageAsync(result.Run.Id);
        var sha = lineage.Single(l => l.IsOutput && l.Step == step && l.Port == port).Sha256;
        return (await Workspace.Artifacts.TryGetVerifiedPathAsync(sha))!;
    }

    public async Task<DataFrame> TableAsync(RunResult result, string step, string port = "table") =>
        await Loom.Sdk.Tables.ParquetTables.ReadAsync(await PathOfAsync(result, step, port), CancellationToken.None);

    public async Task<JsonElement> MetricsAsync(RunResult result, string step, string port = "metrics")
    {
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(await PathOfAsync(result, step, port)));
        return document.RootElement.Clone();
    }

    public static double Metric(JsonElement metrics, string name) => metrics.GetProperty("metrics").GetProperty(name).GetDouble();

    public async ValueTask DisposeAsync()
    {
        await Workspace.DisposeAsync();
        Folder.Dispose();
    }
}
