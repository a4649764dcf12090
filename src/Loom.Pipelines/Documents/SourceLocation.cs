namespace Loom.Pipelines.Documents;

/// <summary>A place in a pipeline file, for error messages.</summary>
/// <param name="File">Path of the file as the user gave it.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}";
}
