namespace Loom.Metadata.Records;

/// <summary>Filters and paging for listing runs, newest first.</summary>
/// <param name="Pipeline">Only runs of this pipeline name.</param>
/// <param name="Status">Only runs with this status.</param>
/// <param name="Limit">At most this many.</param>
/// <param name="Offset">Skip this many first.</param>
/// <param name="Since">Only runs created at or after this time.</param>
/// <param name="Until">Only runs created before this time.</param>
public sealed record RunQuery(string? Pipeline = null, RunStatus? Status = null, int Limit = 50, int Offset = 0, DateTimeOffset? Since = null, DateTimeOffset? Until = null);
