using Loom.Sdk;

namespace Loom.Execution.Distribution;

/// <summary>
/// One attempt of one step, as another process needs it: the run's pipeline document and parameters (planned again
/// there, as a resumed run is), and every artifact it reads by hash.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="PipelineYaml">The run's pipeline document.</param>
/// <param name="PipelineFile">Where that document was read from (for messages).</param>
/// <param name="ParametersJson">The parameter values the run was given (JSON object of text).</param>
/// <param name="Step">The step.</param>
/// <param name="Attempt">The attempt's number: its fence — only this attempt's outcome is recorded.</param>
/// <param name="Seed">The step's random seed.</param>
/// <param name="Inputs">The artifacts on its input ports.</param>
/// <param name="Files">Its input-file parameters, each as the artifact holding that file's content.</param>
/// <param name="Slice">For one partition of a row-wise step: the row groups of its row-wise input it reads; null for the whole step.</param>
public sealed record AttemptWork(
    string RunId,
    string PipelineYaml,
    string PipelineFile,
    string ParametersJson,
    string Step,
    int Attempt,
    int Seed,
    IReadOnlyList<WorkArtifact> Inputs,
    IReadOnlyList<WorkFile> Files,
    WorkSlice? Slice = null)
{
    /// <summary>The step's timeout: the node stops the work once it has passed, whatever becomes of the client.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The exact component (<c>name@version</c>) the run resolved for the step: the node runs that one or refuses.</summary>
    public string Component { get; init; } = "";

    /// <summary>Run, step, attempt (and partition), as logs and messages name it.</summary>
    public string Key => Slice is { } slice ? $"{RunId}/{Step}/{Attempt}/{slice.FirstBatch}" : $"{RunId}/{Step}/{Attempt}";
}

/// <summary>One partition of a row-wise step's table: consecutive row groups.</summary>
/// <param name="Port">The row-wise input.</param>
/// <param name="FirstBatch">Its first row group.</param>
/// <param name="Batches">How many row groups.</param>
public sealed record WorkSlice(string Port, int FirstBatch, int Batches);

/// <summary>An artifact on an input port.</summary>
/// <param name="Port">The port.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Sha256">Its hash in the artifact store.</param>
public sealed record WorkArtifact(string Port, ArtifactKind Kind, string Sha256);

/// <summary>An input-file parameter: the file's content is the artifact; the step sees it under its own file name.</summary>
/// <param name="Parameter">The parameter.</param>
/// <param name="Sha256">The content's hash in the artifact store.</param>
/// <param name="FileName">The file's name (its extension may matter to the component).</param>
public sealed record WorkFile(string Parameter, string Sha256, string FileName);
