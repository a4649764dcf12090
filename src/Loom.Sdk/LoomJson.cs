using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Loom.Sdk;

/// <summary>How Loom writes its JSON documents (metrics, model cards, manifests, CLI output), in one place.</summary>
public static class LoomJson
{
    /// <summary>Indented, snake_case, nulls omitted, NaN and infinities allowed, no needless escaping.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
