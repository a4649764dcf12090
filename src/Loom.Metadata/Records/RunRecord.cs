namespace Loom.Metadata.Records;

/// <summary>One execution of one pipeline version with concrete parameters.</summary>
/// <param name="Id">Run id.</param>
/// <param name="PipelineName">Name from the document.</param>
/// <param name="PipelineVersion">Hash of the normalized document.</param>
/// <param name="PipelineFile">Path of the document as given by the user.</param>
/// <param name="PipelineYaml">The document text, kept so a run can be resumed or reproduced even if the file changes.</param>
/// <param name="ParametersJson">Pipeline parameter values given for the run, as a JSON object of strings.</param>
/// <param name="Status">Current status.</param>
/// <param name="CreatedAt">When the run was created.</param>
/// <param name="FinishedAt">When it ended, if it has.</param>
/// <param name="Error">Why it failed, if it did.</param>
/// <param name="GitCommit">Commit of the repository holding the pipeline file, if any.</param>
/// <param name="Owner">Host and process id of the process driving the run, to detect a dead one.</param>
public sealed record RunRecord(
    string Id,
    string PipelineName,
    string PipelineVersion,
    string PipelineFile,
    string PipelineYaml,
    string ParametersJson,
    RunStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    string? GitCommit,
    string? Owner);
