namespace Loom.Metadata.Records;

/// <summary>A cache entry: the outputs (port to artifact hash) a step's cache key led to, and when they were stored.</summary>
/// <param name="Key">The cache key.</param>
/// <param name="Outputs">Port to artifact hash.</param>
/// <param name="CreatedAt">When the entry was stored (or last replaced).</param>
public sealed record CacheEntry(string Key, IReadOnlyDictionary<string, string> Outputs, DateTimeOffset CreatedAt);
