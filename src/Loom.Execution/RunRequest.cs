using Loom.Pipelines.Planning;

namespace Loom.Execution;

/// <summary>What to run: a planned pipeline and where it came from.</summary>
/// <param name="Plan">The validated plan.</param>
/// <param name="PipelineYaml">The document text, stored with the run so it can be resumed or reproduced.</param>
/// <param name="GivenParameters">Parameter values given for the run (the rest take their defaults).</param>
/// <param name="GitCommit">Commit of the repository holding the pipeline file, if any.</param>
public sealed record RunRequest(PipelinePlan Plan, string PipelineYaml, IReadOnlyDictionary<string, string> GivenParameters, string? GitCommit = null);
