namespace Loom.Pipelines.Documents;

/// <summary>A reference <c>step.port</c> to an output of another step.</summary>
/// <param name="Step">Step that produces the artifact.</param>
/// <param name="Port">Output port of that step.</param>
/// <param name="Location">Where the reference is written.</param>
public sealed record PortReference(string Step, string Port, SourceLocation Location)
{
    /// <inheritdoc />
    public override string ToString() => $"{Step}.{Port}";
}
