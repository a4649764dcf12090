namespace Loom.Pipelines.Documents;

/// <summary>A parsed pipeline document (<c>apiVersion: loom/v1</c>, <c>kind: Pipeline</c>).</summary>
/// <param name="Name">Pipeline name.</param>
/// <param name="Description">What the pipeline does.</param>
/// <param name="Seed">Seed from which every step's random seed derives.</param>
/// <param name="Parameters">Declared parameters.</param>
/// <param name="Steps">Steps in document order.</param>
/// <param name="Outputs">Pipeline outputs.</param>
/// <param name="SourceFile">File the document was read from, as the user named it.</param>
public sealed record PipelineDocument(
    string Name,
    string Description,
    int Seed,
    IReadOnlyList<PipelineParameter> Parameters,
    IReadOnlyList<StepDefinition> Steps,
    IReadOnlyList<PipelineOutput> Outputs,
    string SourceFile)
{
    /// <summary>The only supported <c>apiVersion</c>.</summary>
    public const string ApiVersion = "loom/v1";

    /// <summary>The seed used when a document gives none.</summary>
    public const int DefaultSeed = 42;

    /// <summary>What <c>loom ci</c> does with the pipeline beyond validating it: <c>smoke</c> runs it with its default parameters (its sample data); null for nothing more.</summary>
    public string? Ci { get; init; }

    /// <summary>The service-level targets <c>loom scale-test</c> and <c>loom ci</c> check, or null for none.</summary>
    public ServiceLevels? Sla { get; init; }
}
