using System.Text.Json;
using Loom.Serving.Scoring;

namespace Loom.Serving.Hosting;

/// <summary>Writes predictions as the API answers them: <c>prediction</c> (the class, number or anomaly flag), then <c>probability</c>, <c>score</c> and <c>probabilities</c> where the task has them.</summary>
internal static class PredictionJson
{
    public static void Write(Utf8JsonWriter writer, Prediction prediction)
    {
        writer.WriteStartObject();
        WriteFields(writer, prediction);
        writer.WriteEndObject();
    }

    public static void WriteFields(Utf8JsonWriter writer, Prediction prediction)
    {
        if (prediction.Label is not null)
        {
            writer.WriteString("prediction", prediction.Label);
        }
        else if (prediction.Flag is { } flag)
        {
            writer.WriteBoolean("prediction", flag);
        }
        else
        {
            WriteNumber(writer, "prediction", prediction.Value ?? double.NaN);
        }

        if (prediction.Probability is { } probability)
        {
            WriteNumber(writer, "probability", probability);
        }

        if (prediction.Score is { } score)
        {
            WriteNumber(writer, "score", score);
        }

        if (prediction.Probabilities is { } probabilities)
        {
            writer.WriteStartObject("probabilities");
            foreach (var (label, p) in probabilities)
            {
                WriteNumber(writer, label, p);
            }

            writer.WriteEndObject();
        }
    }

    /// <summary>A number, or null where the model gave NaN or infinity (JSON has neither).</summary>
    private static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, Math.Round(value, 7));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
