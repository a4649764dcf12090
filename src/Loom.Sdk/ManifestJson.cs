using System.Text.Json;
using System.Text.Json.Serialization;

namespace Loom.Sdk;

/// <summary>
/// Manifests and parameter values as JSON, the way published components are stored and the way the worker process
/// exchanges them: enums by name, parameter values in their canonical form after reading.
/// </summary>
public static class ManifestJson
{
    private static readonly JsonSerializerOptions Options = new(LoomJson.Options)
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>A manifest as compact JSON.</summary>
    public static string Write(ComponentManifest manifest) => JsonSerializer.Serialize(manifest, Options);

    /// <summary>Reads a manifest written by <see cref="Write"/>.</summary>
    /// <exception cref="JsonException">The text is not such a manifest.</exception>
    public static ComponentManifest Read(string json)
    {
        var manifest = JsonSerializer.Deserialize<ComponentManifest>(json, Options) ?? throw new JsonException("the manifest is null");
        return manifest with
        {
            Parameters = manifest.Parameters.Select(p => p with { Default = p.Default is JsonElement element ? Value(p.Type, element) : p.Default }).ToList(),
        };
    }

    /// <summary>Canonical parameter values (string, long, double, bool, string list) as compact JSON.</summary>
    public static string WriteValues(IReadOnlyDictionary<string, object?> values) => JsonSerializer.Serialize(values, Options);

    /// <summary>Reads parameter values written by <see cref="WriteValues"/>, converting each by the parameter's declared type.</summary>
    public static IReadOnlyDictionary<string, object?> ReadValues(string json, ComponentManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var raw = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json, Options) ?? [];
        return raw.ToDictionary(
            pair => pair.Key,
            pair => manifest.FindParameter(pair.Key) is { } parameter ? Value(parameter.Type, pair.Value) : null,
            StringComparer.Ordinal);
    }

    /// <summary>A JSON value in the canonical form of a parameter type, or null when it is null or of another shape.</summary>
    public static object? Value(ParameterType type, JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Array => ParameterValues.Normalize(type, element.EnumerateArray().Select(e => e.GetString() ?? "").ToArray()),
        JsonValueKind.True or JsonValueKind.False => ParameterValues.Normalize(type, element.GetBoolean()),
        JsonValueKind.Number when element.TryGetInt64(out var whole) && type != ParameterType.Number => ParameterValues.Normalize(type, whole),
        JsonValueKind.Number => ParameterValues.Normalize(type, element.GetDouble()),
        JsonValueKind.String => ParameterValues.Normalize(type, element.GetString()),
        _ => null,
    };
}
