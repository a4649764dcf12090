using Loom.Metadata.Records;

namespace Loom.Registry;

/// <summary>A published component version as the CLI's JSON and the REST API show it.</summary>
/// <param name="Name">Component name.</param>
/// <param name="Version">Its version.</param>
/// <param name="Origin"><c>upload</c>, or <c>repository//folder@sha</c>.</param>
/// <param name="PublishedAt">When it was published.</param>
/// <param name="PublishedBy">Who published it.</param>
/// <param name="Deprecation">Why users should move off it, or null.</param>
/// <param name="Package">The artifact holding the built component.</param>
/// <param name="Source">The artifact holding its source.</param>
/// <param name="Commit">For a Git import: the commit's SHA.</param>
/// <param name="Gate">The quality gate's report.</param>
public sealed record PublishedVersionDocument(
    string Name,
    string Version,
    string Origin,
    DateTimeOffset PublishedAt,
    string PublishedBy,
    string? Deprecation,
    string Package,
    string Source,
    string? Commit,
    GateReport Gate)
{
    /// <summary>The document of a stored version.</summary>
    public static PublishedVersionDocument From(ComponentVersionRecord v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(
            v.Name,
            v.Version,
            new ComponentOrigin(v.Origin, v.Repository, v.RepositoryPath, v.Commit).ToString(),
            v.PublishedAt,
            v.PublishedBy,
            v.Deprecation,
            v.PackageSha256,
            v.SourceSha256,
            v.Commit,
            GateReport.FromJson(v.GateReportJson));
    }
}
