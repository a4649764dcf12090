using System.Globalization;
using Loom.Sdk;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Loom.Components.Features;

/// <summary>Replaces missing values, optionally recording where they were.</summary>
[Component("features.impute", "1.0.0", Example = "impute: { component: features.impute@1, inputs: { table: split.train }, params: { strategy: median, indicator: true, exclude: [Sale_Price] } }", Category = "features", Description = "Replaces missing values in place: numbers with the mean, median, most frequent value or a constant; text with the most frequent value or a constant. Optionally adds a <column>_missing true/false column per imputed column.")]
internal sealed partial class FeaturesImpute : FeatureStep
{
    /// <summary>Most values kept to compute a median; beyond it the median is that of a seeded random sample.</summary>
    internal const int MedianSample = 1_000_000;

    [Parameter("columns", Description = "Columns to impute; by default every number column.")]
    public string[] Columns { get; set; } = [];

    [Parameter("exclude", Description = "Columns left out when the default of every number column applies (a numeric label, ids).")]
    public string[] Exclude { get; set; } = [];

    [Parameter("strategy", Choices = ["mean", "median", "mode", "constant"], Description = "The replacement: mean or median (numbers only), mode (most frequent value), or constant (the 'value' parameter).")]
    public string Strategy { get; set; } = "mean";

    [Parameter("value", Description = "The replacement when strategy is constant: a number for number columns, any text for text columns.")]
    public string? Value { get; set; }

    [Parameter("indicator", Description = "Whether to add a <column>_missing column (true where the value was missing), which lets a learner use missingness itself as a signal.")]
    public bool Indicator { get; set; }

    protected override (IEstimator<ITransformer> Estimator, IReadOnlyList<string> Reads) Plan(MLContext ml, IDataView data, IComponentContext context)
    {
        var columns = Columns.Length > 0 ? Columns : ColumnsOf(data, ColumnShape.Number, Exclude);
        var shapes = Strategy is "mean" or "median" ? new[] { ColumnShape.Number } : [ColumnShape.Number, ColumnShape.Text];
        Require(data, columns, context.StepName, "columns", shapes);
        if (Strategy == "constant" && Value is null)
        {
            throw new DataException($"step '{context.StepName}': strategy 'constant' needs the 'value' parameter");
        }

        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        foreach (var column in columns)
        {
            var type = data.Schema[column].Type;
            var text = type is TextDataViewType;
            if (Indicator)
            {
                chain = text
                    ? chain.Append(ml.Transforms.Expression($"{column}_missing", "(s) => s == \"\"", column))
                    : chain.Append(ml.Transforms.IndicateMissingValues($"{column}_missing", column));
            }

            chain = chain.Append<ITransformer>(Strategy switch
            {
                "mean" => (IEstimator<ITransformer>)ml.Transforms.ReplaceMissingValues(column, column, MissingValueReplacingEstimator.ReplacementMode.Mean),
                "mode" when !text => ml.Transforms.ReplaceMissingValues(column, column, MissingValueReplacingEstimator.ReplacementMode.Mode),
                _ => Replace(ml, column, text, Replacement(data, column, text, context)),
            });
        }

        return (chain, columns);
    }

    private static IEstimator<ITransformer> Replace(MLContext ml, string column, bool text, string literal) =>
        ml.Transforms.Expression(column, text ? $"(s) => s == \"\" ? {literal} : s" : $"(x) => isna(x) ? {literal} : x", column);

    /// <summary>The replacement as an expression literal.</summary>
    private string Replacement(IDataView data, string column, bool text, IComponentContext context)
    {
        if (Strategy == "constant")
        {
            return text ? Quote(Value!) : NumberLiteral(Value!, column, context.StepName);
        }

        var values = text ? TextMode(data, column, context) : Median(data, column, context);
        context.Logger.LogInformation("{Column}: missing values become {Value} ({Strategy})", column, values, Strategy);
        return values;
    }

    private static string NumberLiteral(string value, string column, string step) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? Double(number)
            : throw new DataException($"step '{step}', 'value': '{value}' is not a number, but column '{column}' holds numbers");

    /// <summary>A double literal of the expression language (the 'd' suffix: without it a literal is a 32-bit float).</summary>
    private static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture) + "d";

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string TextMode(IDataView data, string column, IComponentContext context)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using var cursor = data.GetRowCursor([data.Schema[column]]);
        var get = cursor.GetGetter<ReadOnlyMemory<char>>(data.Schema[column]);
        ReadOnlyMemory<char> value = default;
        while (cursor.MoveNext())
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            get(ref value);
            if (!value.IsEmpty)
            {
                var key = value.ToString();
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts.Count == 0
            ? throw new DataException($"step '{context.StepName}': column '{column}' has no values at all, so it has no most frequent value")
            : Quote(counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First().Key);
    }

    private static string Median(IDataView data, string column, IComponentContext context)
    {
        var sample = new List<double>();
        var random = new Random(context.Seed);
        long seen = 0;
        using var cursor = data.GetRowCursor([data.Schema[column]]);
        var read = NumberReader(cursor, data.Schema[column]);
        while (cursor.MoveNext())
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var value = read();
            if (double.IsNaN(value))
            {
                continue;
            }

            // Reservoir sampling keeps memory bounded on tables larger than the sample.
            seen++;
            if (sample.Count < MedianSample)
            {
                sample.Add(value);
            }
            else if (random.NextInt64(seen) is var slot && slot < MedianSample)
            {
                sample[(int)slot] = value;
            }
        }

        if (sample.Count == 0)
        {
            throw new DataException($"step '{context.StepName}': column '{column}' has no values at all, so it has no median");
        }

        sample.Sort();
        var middle = sample.Count / 2;
        return Double(sample.Count % 2 == 1 ? sample[middle] : (sample[middle - 1] + sample[middle]) / 2);
    }

    private static Func<double> NumberReader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type.RawType == typeof(float))
        {
            var getFloat = cursor.GetGetter<float>(column);
            float f = 0;
            return () => { getFloat(ref f); return f; };
        }

        var get = cursor.GetGetter<double>(column);
        double d = 0;
        return () => { get(ref d); return d; };
    }
}
