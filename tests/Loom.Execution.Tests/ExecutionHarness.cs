using Loom.Metadata.Artifacts;
using Loom.Metadata.Records;
using Loom.Metadata.Sqlite;
using Loom.Pipelines.Catalog;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;
using Loom.Testing;

namespace Loom.Execution.Tests;

/// <summary>A real SQLite store and artifact folder in a temp folder, with the test components registered.</summary>
internal sealed class ExecutionHarness : IAsyncDisposable
{
    private ExecutionHarness(TempFolder folder, SqliteMetadataStore store)
    {
        Folder = folder;
        Store = store;
        Artifacts = new FileArtifactStore(folder.Combine("artifacts"));
    }

    public TempFolder Folder { get; }

    public SqliteMetadataStore Store { get; }

    public FileArtifactStore Artifacts { get; }

    public ComponentCatalog Catalog { get; } = new ComponentCatalog().RegisterAssembly(typeof(ExecutionHarness).Assembly);

    public static async Task<ExecutionHarness> CreateAsync()
    {
        var folder = new TempFolder();
        return new ExecutionHarness(folder, await SqliteMetadataStore.OpenAsync(folder.Combine("loom.db")));
    }

    public LocalExecutor Executor(ExecutorOptions? options = null) => new(
        Store,
        Artifacts,
        Catalog,
        options ?? new ExecutorOptions { BaseDirectory = Folder.Path, RetryBackoff = TimeSpan.FromMilliseconds(10) },
        Folder.Combine("state"));

    public static string Pipeline(string steps, string outputs = "") => $"""
        apiVersion: loom/v1
        kind: Pipeline
        name: test
        parameters:
          text: {"{"} type: string, default: hello {"}"}
        steps:
        {steps}
        {outputs}
        """;

    public RunRequest Request(string yaml, Dictionary<string, string>? values = null)
    {
        values ??= [];
        var plan = PipelinePlanner.Plan(PipelineParser.Parse(yaml, "test.yaml"), Catalog, values);
        return new RunRequest(plan, yaml, values);
    }

    public Task<RunResult> RunAsync(string yaml, ExecutorOptions? options = null, Dictionary<string, string>? values = null, IRunObserver? observer = null, CancellationToken cancellationToken = default) =>
        Executor(options).RunAsync(Request(yaml, values), observer, cancellationToken);

    public async Task<string> ReadOutputAsync(RunResult result, string step, string port = "out")
    {
        var lineage = await Store.GetLineageAsync(result.Run.Id);
        var sha = lineage.Single(l => l.IsOutput && l.Step == step && l.Port == port).Sha256;
        return await File.ReadAllTextAsync((await Artifacts.TryGetVerifiedPathAsync(sha))!);
    }

    public static StepRecord Step(RunResult result, string name) => result.Steps.Single(s => s.Name == name);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Folder.Dispose();
    }
}
