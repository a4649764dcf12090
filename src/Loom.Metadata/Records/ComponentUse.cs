namespace Loom.Metadata.Records;

/// <summary>A pipeline whose runs used a version of a component.</summary>
/// <param name="Version">The component version.</param>
/// <param name="Pipeline">The pipeline's name.</param>
/// <param name="Runs">How many of its runs used it.</param>
/// <param name="LastRunAt">When the last of them started.</param>
public sealed record ComponentUse(string Version, string Pipeline, int Runs, DateTimeOffset LastRunAt);
