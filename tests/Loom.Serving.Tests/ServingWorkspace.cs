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

    /// <summary>
    /// Trains with that many boosting rounds and registers the model as the next version of churn, recording its
    /// training baseline as <c>loom models register</c> does unless told not to; the version and the platform's scored CSV.
    /// </summary>
    public async Task<(int Version, string ScoredCsv)> RegisterAsync(int iterations, string name = "churn", bool recordBaseline = true)
    {
        var given = new Dictionary<string, string> { ["iterations"] = iterations.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var result = await RunAsync(Pipeline, given);
        var version = await Registry(recordBaseline).RegisterAsync(result.Run, "train.model", name, "tests", null, CancellationToken.None);
        return (version.Version, Workspace.Artifacts.PathOf(result.Outputs["scored"].Sha256));
    }

    /// <summary>Trains the penguins example's multiclass pipeline (its data copied in) and registers the model as the next version of <paramref name="name"/>.</summary>
    public async Task<int> RegisterPenguinsAsync(string name = "species")
    {
        Directory.CreateDirectory(folder.Combine("data"));
        File.Copy(Repository.Path("examples", "penguins", "data", "penguins.csv"), PenguinsFile, overwrite: true);
        var result = await RunAsync(await File.ReadAllTextAsync(Repository.Path("examples", "penguins", "pipelines", "species.yaml")), []);
        return (await Registry(true).RegisterAsync(result.Run, "train.model", name, "tests", null, CancellationToken.None)).Version;
    }

    public string PenguinsFile => folder.Combine("data", "penguins.csv");

    /// <summary>Deletes from the artifact store the table the version's trainer read, as a garbage collection of old data might.</summary>
    public async Task DeleteTrainingTableAsync(int version, string name = "churn")
    {
        var record = (await Workspace.Store.ListModelVersionsAsync(name)).Single(v => v.Version == version);
        var table = (await Workspace.Store.GetLineageAsync(record.RunId)).Single(l => l.Step == record.Step && !l.IsOutput && l.Kind == Sdk.ArtifactKind.Table);
        File.Delete(Workspace.Artifacts.PathOf(table.Sha256));
    }

    private ModelRegistry Registry(bool recordBaseline) => new(Workspace, recordBaseline ? new Monitoring.TrainingBaselineRecorder(Workspace) : null);

    private async Task<RunResult> RunAsync(string pipeline, Dictionary<string, string> given)
    {
        var plan = PipelinePlanner.Plan(PipelineParser.Parse(pipeline, "pipeline.yaml"), Catalog, given);
        var result = await Workspace.CreateExecutor(Catalog, Workspace.CreateExecutorOptions()).RunAsync(new RunRequest(plan, pipeline, given, null), null, CancellationToken.None);
        Assert.Equal(Metadata.Records.RunStatus.Succeeded, result.Run.Status);
        return result;
    }

    public Task PromoteAsync(int version, string alias = "production", string name = "churn") =>
        new ModelRegistry(Workspace).PromoteAsync(name, version, alias, "tests", null, null, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Workspace.DisposeAsync();
        folder.Dispose();
    }
}
