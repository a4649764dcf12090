using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Loom.Execution;
using Loom.Metadata.Records;
using Loom.Pipelines.Catalog;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;

namespace Loom.Benchmarks;

/// <summary>
/// Orchestration overhead: a chain of 200 no-op steps run by the local executor with SQLite persistence
/// (every state change written before it is acted on). Divide a result by 200 for the per-step cost.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class OrchestrationBenchmarks
{
    public const int Steps = 200;

    private readonly ComponentCatalog catalog = new ComponentCatalog().RegisterAssembly(typeof(NoOp).Assembly);
    private string folder = "";
    private Workspace? workspace;
    private RunRequest? request;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        folder = Path.Combine(Path.GetTempPath(), "loom-bench-" + Guid.NewGuid().ToString("N")[..8]);
        workspace = await Workspace.InitAsync(folder);
        var yaml = new StringBuilder("apiVersion: loom/v1\nkind: Pipeline\nname: chain\nsteps:\n");
        yaml.Append("  s0: { component: bench.noop@1, params: { index: 0 } }\n");
        for (var i = 1; i < Steps; i++)
        {
            yaml.Append($"  s{i}: {{ component: bench.noop@1, inputs: {{ in: s{i - 1}.out }}, params: {{ index: {i} }} }}\n");
        }

        var text = yaml.ToString();
        request = new RunRequest(PipelinePlanner.Plan(PipelineParser.Parse(text, "chain.yaml"), catalog), text, new Dictionary<string, string>());
        await RunAsync(useCache: true); // fills the cache for the cached benchmark
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await workspace!.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Every step computed: plan, attempt records, artifact writes, lineage, cache entries.</summary>
    [Benchmark(Description = "200 no-op steps, computed")]
    public Task<RunResult> Computed() => RunAsync(useCache: false);

    /// <summary>Every step a cache hit: lookup and verification of each cached artifact.</summary>
    [Benchmark(Description = "200 no-op steps, all cached")]
    public Task<RunResult> Cached() => RunAsync(useCache: true);

    private async Task<RunResult> RunAsync(bool useCache)
    {
        var executor = workspace!.CreateExecutor(catalog, new ExecutorOptions { UseCache = useCache, BaseDirectory = folder });
        var result = await executor.RunAsync(request!);
        return result.Run.Status == RunStatus.Succeeded ? result : throw new InvalidOperationException(result.Run.Error);
    }
}
