using Loom.Components;
using Loom.Execution;
using Loom.Execution.Registry;
using Loom.Pipelines.Catalog;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;
using Loom.Testing;

namespace Loom.Serving.Tests;

/// <summary>
/// A copy of the telco example whose runs train churn models and register them: each run also scores every row of
/// the data with the platform's own <c>score</c> step and exports that as CSV, the reference served answers must equal.
/// Tests that read <c>/metrics</c> name their model apart: test hosts share one process, and so one meter name.
/// </summary>
public sealed class ServingWorkspace : IAsyncDisposable
{
    private const string Pipeline = """
        apiVersion: loom/v1
        kind: Pipeline
        name: churn-serving
        seed: 42
        parameters:
          iterations: { type: integer, default: 50 }
        steps:
          load: { component: data.read-csv@1, params: { path: data/telco_churn.csv } }
          split: { component: data.split@1, inputs: { table: load.table }, params: { test_fraction: 0.2, stratify: churn, seed: 42 } }
          train: { component: train.lightgbm-binary@1, inputs: { table: split.train }, params: { label: churn, positive: "Yes", iterations: "${params.iterations}" } }
          evaluate: { component: evaluate.binary@1, inputs: { model: train.model, table: split.test } }
          score: { component: score@1, inputs: { model: train.model, table: load.table } }
          export: { component: data.write-csv@1, inputs: { table: score.table } }
        outputs:
          model: train.model
          scored: export.file
        """;

    private static readonly ComponentCatalog Catalog = new ComponentCatalog().RegisterAssembly(BuiltInComponents.Assembly);
    private readonly TempFolder folder;

    private ServingWorkspace(TempFolder folder, Workspace workspace)
    {
        this.folder = folder;
        Workspace = workspace;
    }

    public Workspace Workspace { get; }

    public string DataFile => folder.Combine("data", "telco_churn.csv");

    public static async Task<ServingWorkspace> CreateAsync()
    {
        var folder = ExampleWorkspace.Copy("telco-churn");
        return new ServingWorkspace(folder, await Workspace.OpenAsync(folder.Path));
    }

    /// <summary>Trains with that many boosting rounds and registers the model as the next version of churn; the version and the platform's scored CSV.</summary>
    public async Task<(int Version, string ScoredCsv)> RegisterAsync(int iterations, string name = "churn")
    {
        var given = new Dictionary<string, string> { ["iterations"] = iterations.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var plan = PipelinePlanner.Plan(PipelineParser.Parse(Pipeline, "churn-serving.yaml"), Catalog, given);
        var result = await Workspace.CreateExecutor(Catalog, Workspace.CreateExecutorOptions()).RunAsync(new RunRequest(plan, Pipeline, given, null), null, CancellationToken.None);
        Assert.Equal(Metadata.Records.RunStatus.Succeeded, result.Run.Status);
        var version = await new ModelRegistry(Workspace).RegisterAsync(result.Run, "train.model", name, "tests", null, CancellationToken.None);
        return (version.Version, Workspace.Artifacts.PathOf(result.Outputs["scored"].Sha256));
    }

    public Task PromoteAsync(int version, string alias = "production", string name = "churn") =>
        new ModelRegistry(Workspace).PromoteAsync(name, version, alias, "tests", null, null, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Workspace.DisposeAsync();
        folder.Dispose();
    }
}
