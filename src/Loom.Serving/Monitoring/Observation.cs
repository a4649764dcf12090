using Loom.Serving.Scoring;

namespace Loom.Serving.Monitoring;

/// <summary>
/// One scored row as monitoring sees it: each field as a number (NaN when missing) or a category (null when
/// missing), and the prediction as one more field — the probability of binary models, the class of multiclass
/// ones, the number of regression and ranking ones, the flag of anomaly detectors, the cluster.
/// </summary>
internal readonly record struct Observation(double[] Numbers, string?[] Categories)
{
    /// <summary>Whether monitoring treats a field of that kind as numbers (else as categories).</summary>
    public static bool IsNumeric(string kind) => kind == "number";

    /// <summary>Whether the prediction of a model of that task is a number (else a category).</summary>
    public static bool IsNumericPrediction(string task) => task is "binary" or "regression" or "ranking";

    public static Observation Of(IReadOnlyList<ServingColumn> fields, IReadOnlyList<object> values, Prediction prediction, string task)
    {
        var numbers = new double[fields.Count + 1];
        var categories = new string?[fields.Count + 1];
        for (var i = 0; i < fields.Count; i++)
        {
            var value = values[fields[i].Index];
            if (IsNumeric(fields[i].Kind!))
            {
                numbers[i] = value switch { float f => f, double d => d, int n => n, long l => l, _ => double.NaN };
            }
            else
            {
                categories[i] = value switch
                {
                    bool b => b ? "true" : "false",
                    ReadOnlyMemory<char> text => text.Length == 0 ? null : text.ToString(),
                    _ => null,
                };
            }
        }

        if (IsNumericPrediction(task))
        {
            numbers[^1] = task == "binary" ? prediction.Probability ?? double.NaN : prediction.Value ?? double.NaN;
        }
        else
        {
            categories[^1] = prediction.Label ?? (prediction.Flag is { } flag ? (flag ? "true" : "false") : prediction.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return new Observation(numbers, categories);
    }
}
