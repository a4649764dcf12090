using System.Text.Json;
using System.Text.Json.Serialization;
using Loom.Sdk;

namespace Loom.Worker;

/// <summary>How the worker protocol writes JSON: Loom's conventions on one line, enums by name.</summary>
internal static class WorkerJson
{
    public static JsonSerializerOptions Options { get; } = new(LoomJson.Options)
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
