using Loom.Components.CodeGen;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.Features;

/// <content>
/// The step as code: indicators first, then the replacements. Means and numeric modes are ML.NET's own;
/// medians and text modes are computed by the generated code from the training rows (the same reservoir
/// sample beyond a million values) and written into an expression, as the platform does.
/// </content>
internal sealed partial class FeaturesImpute
{
    protected override FeatureEstimatorCode? EstimatorCode(StepCode step, MLContext ml, IDataView data, string view, CancellationToken cancellationToken)
    {
        var columns = Columns.Length > 0 ? Columns : ColumnsOf(data, ColumnShape.Number, Exclude);
        var texts = columns.Where(c => data.Schema[c].Type is TextDataViewType).ToHashSet(StringComparer.Ordinal);
        var numbers = columns.Where(c => !texts.Contains(c)).ToList();
        var lines = new List<string>();
        var estimators = new List<string>();
        step.Code.Usings.Add("Microsoft.ML.Transforms");

        // Column by column, indicator first, as the platform chains them: the output columns come in the same order.
        foreach (var column in columns)
        {
            var text = texts.Contains(column);
            var name = CSharpLiteral.Of(column);
            if (Indicator)
            {
                estimators.Add(text
                    ? $"ml.Transforms.Expression({CSharpLiteral.Of(column + "_missing")}, \"(s) => s == \\\"\\\"\", {name})"
                    : $"ml.Transforms.IndicateMissingValues({CSharpLiteral.Of(column + "_missing")}, {name})");
            }

            estimators.Add(Replacement(text) is { } mode
                ? $"ml.Transforms.ReplaceMissingValues({name}, replacementMode: MissingValueReplacingEstimator.ReplacementMode.{mode})"
                : Expression(step, data, view, column, text, lines));
        }

        lines.AddRange(FeatureCode.Chain("featurizer", estimators));
        var what = Strategy == "constant" ? $"the value {Value}" : $"the {Strategy}";
        return new FeatureEstimatorCode($"replaces missing values of {string.Join(", ", columns.Select(c => $"'{c}'"))} with {what}{(Indicator ? ", recording where they were" : "")}", lines);
    }

    /// <summary>The ML.NET replacement mode that does what the strategy asks for a column, or null when an expression does.</summary>
    private string? Replacement(bool text) => (Strategy, text) switch
    {
        ("mean", _) => "Mean",
        ("mode", false) => "Mode",
        _ => null,
    };

    /// <summary>An expression estimator replacing the missing values of one column, declaring what it needs in <paramref name="lines"/>.</summary>
    private string Expression(StepCode step, IDataView data, string view, string column, bool text, List<string> lines)
    {
        var name = CSharpLiteral.Of(column);
        if (Strategy == "constant")
        {
            var literal = text ? Quote(Value!) : NumberLiteral(Value!, column, step.Name);
            var expression = text ? $"(s) => s == \"\" ? {literal} : s" : $"(x) => isna(x) ? {literal} : x";
            return $"ml.Transforms.Expression({name}, {CSharpLiteral.Of(expression)}, {name})";
        }

        var variable = CSharpNames.Camel(column) + (text ? "Mode" : "Median");
        step.Code.Usings.Add("System.Globalization");
        if (text)
        {
            step.Code.Member("MostFrequent", MostFrequentMember, step.Name);
            step.Code.Member("ExpressionText", ExpressionTextMember, step.Name);
            lines.Add($"var {variable} = ExpressionText(MostFrequent({view}.GetColumn<ReadOnlyMemory<char>>({name}), {name}));");
            return $"ml.Transforms.Expression({name}, $\"(s) => s == \\\"\\\" ? {{{variable}}} : s\", {name})";
        }

        step.Code.Member("Median", MedianMember, step.Name);
        var values = data.Schema[column].Type.RawType == typeof(float)
            ? $"{view}.GetColumn<float>({name}).Select(v => (double)v)"
            : $"{view}.GetColumn<double>({name})";
        lines.Add($"var {variable} = Median({values}, {name}, seed: {step.Seed}).ToString(\"R\", CultureInfo.InvariantCulture);");
        return $"ml.Transforms.Expression({name}, $\"(x) => isna(x) ? {{{variable}}}d : x\", {name})";
    }

    private const string MedianMember = """
        /// <summary>
        /// The median of a column's values that are not missing; beyond a million values, the median of a
        /// random sample of a million, drawn with the seed.
        /// </summary>
        private static double Median(IEnumerable<double> values, string column, int seed)
        {
            const int sampleSize = 1_000_000;
            var sample = new List<double>();
            var random = new Random(seed);
            long seen = 0;
            foreach (var value in values.Where(v => !double.IsNaN(v)))
            {
                seen++;
                if (sample.Count < sampleSize)
                {
                    sample.Add(value);
                }
                else if (random.NextInt64(seen) is var slot && slot < sampleSize)
                {
                    sample[(int)slot] = value;
                }
            }

            if (sample.Count == 0)
            {
                throw new InvalidOperationException($"column '{column}' has no values at all, so it has no median");
            }

            sample.Sort();
            var middle = sample.Count / 2;
            return sample.Count % 2 == 1 ? sample[middle] : (sample[middle - 1] + sample[middle]) / 2;
        }
        """;

    private const string MostFrequentMember = """
        /// <summary>The most frequent non-empty value of a text column (the first in ordinal order on a tie).</summary>
        private static string MostFrequent(IEnumerable<ReadOnlyMemory<char>> values, string column) =>
            values.Where(v => !v.IsEmpty)
                .GroupBy(v => v.ToString(), StringComparer.Ordinal)
                .OrderByDescending(g => g.LongCount())
                .ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Key)
                .FirstOrDefault() ?? throw new InvalidOperationException($"column '{column}' has no values at all, so it has no most frequent value");
        """;

    private const string ExpressionTextMember = """
        /// <summary>Text as a string literal of ML.NET's expression language.</summary>
        private static string ExpressionText(string text) =>
            "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        """;
}
