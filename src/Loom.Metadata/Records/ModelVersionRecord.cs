namespace Loom.Metadata.Records;

/// <summary>Version N of a registered model: a model artifact a run made, with what it came from. Never changes once stored.</summary>
/// <param name="Name">The model's name (such as <c>churn</c>).</param>
/// <param name="Version">1, 2, ...: the registry numbers a model's versions in registration order.</param>
/// <param name="RunId">The run that made the model.</param>
/// <param name="Step">The step of that run.</param>
/// <param name="Port">The step's output port.</param>
/// <param name="ArtifactSha256">The model artifact.</param>
/// <param name="PipelineName">The pipeline the run ran.</param>
/// <param name="PipelineVersion">That pipeline's version.</param>
/// <param name="GitCommit">The commit of the pipeline file, when it was in a Git repository.</param>
/// <param name="MetricsJson">Metrics of the run's evaluations of this model, by evaluation step (JSON).</param>
/// <param name="LineageJson">Components, parameters and input data behind the model (JSON).</param>
/// <param name="RegisteredBy">Who registered it.</param>
/// <param name="RegisteredAt">When.</param>
/// <param name="Description">A note, or null.</param>
/// <param name="BaselineSha256">The artifact holding the distributions of the training data the model was scored on at registration (what serving compares traffic with), or null when none could be recorded.</param>
public sealed record ModelVersionRecord(
    string Name,
    int Version,
    string RunId,
    string Step,
    string Port,
    string ArtifactSha256,
    string PipelineName,
    string PipelineVersion,
    string? GitCommit,
    string MetricsJson,
    string LineageJson,
    string RegisteredBy,
    DateTimeOffset RegisteredAt,
    string? Description = null,
    string? BaselineSha256 = null);
