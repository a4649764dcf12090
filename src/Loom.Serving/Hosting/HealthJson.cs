using System.Text.Json;
using System.Text.Json.Serialization;

namespace Loom.Serving.Hosting;

/// <summary>How health reports are written: snake_case, numbers rounded by the writer, nulls left out.</summary>
internal static class HealthJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
