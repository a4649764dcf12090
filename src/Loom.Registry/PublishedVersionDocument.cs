using Loom.Metadata.Records;

namespace Loom.Registry;

/// <summary>A published component version as the CLI's JSON and the REST API show it.</summary>
/// <param name="Name">Component name.</param>
/// <param name="Version">Its version.</param>
/// <param name="Description">What the component does, from its manifest.</param>
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
    string Description,
    string Origin,
    DateTimeOffset PublishedAt,
    string PublishedBy,
    string? Deprecation,
    string Package,
    string Source,
    string? Commit,
    GateReport Gate)
{
    /// <summary>The pipelines whose runs used this version, where the listing says; null where it does not.</summary>
    public IReadOnlyList<ComponentUseDocument>? UsedBy { get; init; }

    /// <summary>Whether the version's name, description or origin contains <paramref name="text"/> (case-insensitive).</summary>
    public bool Matches(string text) =>
        Name.Contains(text, StringComparison.OrdinalIgnoreCase)
        || Description.Contains(text, StringComparison.OrdinalIgnoreCase)
        || Origin.Contains(text, StringComparison.OrdinalIgnoreCase);

    /// <summary>The document of a stored version.</summary>
    public static PublishedVersionDocument From(ComponentVersionRecord v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(
            v.Name,
            v.Version,
            Sdk.ManifestJson.Read(v.ManifestJson).Description,
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

/// <summary>A pipeline whose runs used a component version.</summary>
/// <param name="Pipeline">The pipeline's name.</param>
/// <param name="Runs">How many of its runs used the version.</param>
/// <param name="LastRunAt">When the last of them started.</param>
public sealed record ComponentUseDocument(string Pipeline, int Runs, DateTimeOffset LastRunAt)
{
    /// <summary>The document of a stored use.</summary>
    public static ComponentUseDocument From(ComponentUse use)
    {
        ArgumentNullException.ThrowIfNull(use);
        return new(use.Pipeline, use.Runs, use.LastRunAt);
    }
}
