namespace Loom.Metadata.Records;

/// <summary>One saved version of a pipeline document, as the builder and the API keep them.</summary>
/// <param name="Pipeline">Pipeline name.</param>
/// <param name="Version">Hash of the normalized document.</param>
/// <param name="Yaml">The document text as saved.</param>
/// <param name="Author">Who saved it.</param>
/// <param name="Message">Why, as the author said; empty when nothing was said.</param>
/// <param name="CreatedAt">When it was saved.</param>
/// <param name="LayoutJson">The builder's node positions as a JSON object, or null.</param>
public sealed record PipelineVersionRecord(string Pipeline, string Version, string Yaml, string Author, string Message, DateTimeOffset CreatedAt, string? LayoutJson);
