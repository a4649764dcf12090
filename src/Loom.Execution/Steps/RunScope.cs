using Loom.Metadata;
using Loom.Metadata.Artifacts;
using Loom.Pipelines.Planning;

namespace Loom.Execution.Steps;

/// <summary>What every step of one run shares.</summary>
/// <param name="RunId">Run id.</param>
/// <param name="Plan">The plan being executed.</param>
/// <param name="Store">Metadata store.</param>
/// <param name="Artifacts">Artifact store.</param>
/// <param name="Options">Executor options.</param>
/// <param name="Observer">Live event receiver.</param>
/// <param name="ScratchRoot">Folder under which each attempt gets a scratch folder.</param>
/// <param name="PackagesRoot">Folder under which published components' packages are unpacked, one folder per package.</param>
/// <param name="PipelineYaml">The run's pipeline document, for attempts that run in another process.</param>
/// <param name="ParametersJson">The parameter values the run was given, likewise.</param>
internal sealed record RunScope(
    string RunId,
    PipelinePlan Plan,
    IMetadataStore Store,
    IArtifactStore Artifacts,
    ExecutorOptions Options,
    IRunObserver Observer,
    string ScratchRoot,
    string PackagesRoot,
    string PipelineYaml = "",
    string ParametersJson = "{}")
{
    /// <summary>
    /// Work of attempts that timed out but ignored cancellation: it still uses the machine, so it
    /// keeps counting against the parallel limit until it really stops.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentBag<Task> Abandoned { get; } = [];
}
