using System.Globalization;
using System.Text.Json;

namespace Loom.Components.Evaluation;

/// <summary>Reads the numbers of a metrics artifact, where NaN and infinities are written as strings ("NaN").</summary>
internal static class MetricsJson
{
    public static double Number(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? double.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
        : value.GetDouble();

    /// <summary>The "metrics" object of a metrics document.</summary>
    public static Dictionary<string, double> Metrics(JsonElement document) =>
        document.GetProperty("metrics").EnumerateObject().ToDictionary(p => p.Name, p => Number(p.Value));
}
