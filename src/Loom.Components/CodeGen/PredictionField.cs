using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.CodeGen;

/// <summary>The kinds of value a model's prediction holds.</summary>
public enum PredictionValue
{
    /// <summary>A class name.</summary>
    Text,

    /// <summary>A 32-bit number.</summary>
    Number,

    /// <summary>A vector of 32-bit numbers.</summary>
    Numbers,

    /// <summary>A cluster number, 1 to k (the raw value of ML.NET's key).</summary>
    Cluster,

    /// <summary>True or false.</summary>
    Flag,
}

/// <summary>
/// One property of the generated prediction class: the scored view's column it is read from, its C# type,
/// how the platform's value is written for the parity tests (JSON), and how a test reads it back.
/// </summary>
/// <param name="Column">The column of the scored view, which is also the property's name.</param>
/// <param name="Value">What kind of value it holds.</param>
/// <param name="Doc">What it means, for the property's documentation.</param>
public sealed record PredictionField(string Column, PredictionValue Value, string Doc)
{
    /// <summary>The property's name in JSON (the API's camel case).</summary>
    public string JsonName => JsonNamingPolicy.CamelCase.ConvertName(Column);

    /// <summary>The property's declaration in the generated prediction class.</summary>
    public string Declaration => Value switch
    {
        PredictionValue.Text => $"public string {Column} {{ get; set; }} = \"\";",
        PredictionValue.Number => $"public float {Column} {{ get; set; }}",
        PredictionValue.Numbers => $"public float[] {Column} {{ get; set; }} = [];",
        PredictionValue.Cluster => $"public uint {Column} {{ get; set; }}",
        _ => $"public bool {Column} {{ get; set; }}",
    };

    /// <summary>Code reading this value from a <c>JsonElement</c> expression, as the type the prediction class holds (or a sequence of it).</summary>
    public string FromJson(string element) => Value switch
    {
        PredictionValue.Text => $"{element}.GetProperty(\"{JsonName}\").GetString()",
        PredictionValue.Number => $"{element}.GetProperty(\"{JsonName}\").GetSingle()",
        PredictionValue.Numbers => $"{element}.GetProperty(\"{JsonName}\").EnumerateArray().Select(s => s.GetSingle())",
        PredictionValue.Cluster => $"{element}.GetProperty(\"{JsonName}\").GetUInt32()",
        _ => $"{element}.GetProperty(\"{JsonName}\").GetBoolean()",
    };

    /// <summary>The column's values in the scored view, each written as a JSON property of its row (numbers round-trip).</summary>
    public IReadOnlyList<Action<Utf8JsonWriter>> Write(IDataView scored) => Value switch
    {
        PredictionValue.Text => [.. scored.GetColumn<ReadOnlyMemory<char>>(Column).Select(v => (Action<Utf8JsonWriter>)(w => w.WriteString(JsonName, v.Span)))],
        PredictionValue.Number => [.. scored.GetColumn<float>(Column).Select(v => (Action<Utf8JsonWriter>)(w => w.WriteNumber(JsonName, v)))],
        PredictionValue.Numbers => [.. scored.GetColumn<VBuffer<float>>(Column).Select(v => v.DenseValues().ToArray()).Select(v => (Action<Utf8JsonWriter>)(w =>
        {
            w.WriteStartArray(JsonName);
            foreach (var x in v)
            {
                w.WriteNumberValue(x);
            }

            w.WriteEndArray();
        }))],
        PredictionValue.Cluster => [.. scored.GetColumn<uint>(Column).Select(v => (Action<Utf8JsonWriter>)(w => w.WriteNumber(JsonName, v)))],
        _ => [.. scored.GetColumn<bool>(Column).Select(v => (Action<Utf8JsonWriter>)(w => w.WriteBoolean(JsonName, v)))],
    };

    /// <summary>What a model of each task predicts for one input, property by property.</summary>
    public static IReadOnlyList<PredictionField> Of(string task) => task switch
    {
        "binary" =>
        [
            new("Prediction", PredictionValue.Text, "The predicted class."),
            new("Probability", PredictionValue.Number, "The probability of the positive class."),
            new("Score", PredictionValue.Number, "The raw score of the learner."),
        ],
        "multiclass" =>
        [
            new("Prediction", PredictionValue.Text, "The predicted class."),
            new("Score", PredictionValue.Numbers, "The probability of each class, in the order the model numbers them."),
        ],
        "regression" => [new("Prediction", PredictionValue.Number, "The predicted number.")],
        "ranking" => [new("Prediction", PredictionValue.Number, "The relevance score: within a group, a higher score ranks first.")],
        "clustering" =>
        [
            new("Prediction", PredictionValue.Cluster, "The cluster, 1 to k."),
            new("Score", PredictionValue.Numbers, "The distance to each cluster's center, in cluster order."),
        ],
        "anomaly" =>
        [
            new("Prediction", PredictionValue.Flag, "Whether the input is an anomaly: its score is above the model's threshold."),
            new("Score", PredictionValue.Number, "The anomaly score: higher is more anomalous."),
        ],
        _ => throw new CodeGenException($"a {task} model is not generated yet"),
    };
}
