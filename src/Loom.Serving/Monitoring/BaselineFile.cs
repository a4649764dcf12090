using System.Text.Json;
using System.Text.Json.Serialization;
using Loom.Metadata.Artifacts;
using Loom.Sdk;

namespace Loom.Serving.Monitoring;

/// <summary>A training baseline as a JSON artifact, so a version keeps it however long its training data stays.</summary>
internal static class BaselineFile
{
    private const string Format = "loom.baseline/1";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Stores the baseline; its artifact's SHA-256.</summary>
    public static async Task<string> WriteAsync(IArtifactStore artifacts, Baseline baseline, CancellationToken cancellationToken)
    {
        var stored = await artifacts.PutAsync((stream, token) => JsonSerializer.SerializeAsync(stream, new Document(Format, baseline), Options, token), cancellationToken).ConfigureAwait(false);
        return stored.Sha256;
    }

    /// <summary>The stored baseline, or null when the artifact is missing.</summary>
    /// <exception cref="DataException">The artifact is not a baseline this version of Loom reads.</exception>
    public static async Task<Baseline?> ReadAsync(IArtifactStore artifacts, string sha256, CancellationToken cancellationToken)
    {
        if (await artifacts.TryGetVerifiedPathAsync(sha256, cancellationToken).ConfigureAwait(false) is not { } path)
        {
            return null;
        }

        await using var stream = File.OpenRead(path);
        try
        {
            var document = await JsonSerializer.DeserializeAsync<Document>(stream, Options, cancellationToken).ConfigureAwait(false);
            return document is { Format: Format, Baseline: { } baseline } ? baseline : throw new DataException($"baseline {sha256[..12]} is not a {Format} document");
        }
        catch (JsonException e)
        {
            throw new DataException($"baseline {sha256[..12]} is not valid JSON: {e.Message}");
        }
    }

    private sealed record Document(string Format, Baseline Baseline);
}
