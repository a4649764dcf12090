namespace Loom.Sdk;

/// <summary>The type of an artifact, and so of a port that carries it.</summary>
public enum ArtifactKind
{
    /// <summary>Tabular data with a schema, stored as a Parquet file.</summary>
    Table,

    /// <summary>A trained, scorable chain from raw columns to predictions.</summary>
    Model,

    /// <summary>A flat map of named numbers, plus optional curves and matrices, as JSON.</summary>
    Metrics,

    /// <summary>Human-facing output: HTML or Markdown.</summary>
    Report,

    /// <summary>Anything else, opaque to Loom.</summary>
    File,
}
