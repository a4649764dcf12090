using Loom.Metadata.Records;

namespace Loom.Registry;

/// <summary>What publishing did.</summary>
/// <param name="Report">The quality gate's report (empty when the upload itself was refused).</param>
/// <param name="Version">The version stored, or the one already stored with the same content; null when nothing is published.</param>
/// <param name="Refused">Why nothing was published although the gate passed (an existing version, the version rules), or null.</param>
/// <param name="Unchanged">Whether the same content was published as this version before.</param>
public sealed record PublishResult(GateReport Report, ComponentVersionRecord? Version, string? Refused, bool Unchanged)
{
    /// <summary>Whether the component version is published (now or before, with the same content).</summary>
    public bool Published => Version is not null;
}
