using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.Tables.Expressions;

/// <summary>
/// An expression over a row's columns, such as <c>price / carat</c> or <c>island == "Dream" and mass > 4000</c>,
/// evaluated by ML.NET's expression transform: arithmetic, comparisons, and/or/not, <c>cond ? a : b</c>,
/// and functions such as abs, log, exp, sqrt, round, min, max, isna, len, lower, upper, concat. Column
/// names are written as they are, or in backticks when they are not identifiers (<c>`x.box` * 2</c>).
/// Nothing else can be named: no code, no files, no network.
/// </summary>
internal sealed class TableExpression
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal) { "true", "false", "and", "or", "not", "with" };

    private readonly ITransformer transformer;

    private TableExpression(string text, string lambda, IReadOnlyList<string> inputs, ITransformer transformer, Type resultType)
    {
        ResultType = resultType;
        Text = text;
        Lambda = lambda;
        Inputs = inputs;
        this.transformer = transformer;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>The lambda given to ML.NET, with columns as parameters.</summary>
    public string Lambda { get; }

    /// <summary>The .NET type ML.NET computes the value as (bool, int, long, float, double or text).</summary>
    public Type ResultType { get; }

    /// <summary>Columns the expression reads.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>Parses an expression against a table's columns; errors name the step, parameter, and where in the expression.</summary>
    public static TableExpression Parse(MLContext ml, string text, DataFrame sample, string step, string parameter)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var columns = sample.Columns.Select(c => c.Name).ToList();
        var (lambda, inputs) = Rewrite(text, columns, step, parameter);
        try
        {
            var transformer = ml.Transforms.Expression("__loom_expression", lambda, [.. inputs]).Fit(sample);
            var type = transformer.GetOutputSchema(((IDataView)sample).Schema)["__loom_expression"].Type.RawType;
            return new TableExpression(text, lambda, inputs, transformer, type);
        }
        catch (ArgumentException e)
        {
            var reason = e.Message.Split(" (Parameter", 2)[0];
            reason = Regex.Replace(reason, @"\bc(\d+)\b", m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) is var k && k < inputs.Count ? $"'{inputs[k]}'" : m.Value);

            var kinds = string.Join(", ", inputs.Select(n => $"'{n}' is {KindOf(sample.Columns[n])}"));
            throw new DataException($"step '{step}', '{parameter}': cannot evaluate '{text}': {reason}{(inputs.Count > 0 ? $" ({kinds})" : "")}");
        }
    }

    private static string KindOf(DataFrameColumn column) => column switch
    {
        BooleanDataFrameColumn => "true/false",
        StringDataFrameColumn => "text",
        _ => "a number",
    };

    /// <summary>Evaluates the expression on every row of a batch.</summary>
    public DataFrameColumn Evaluate(DataFrame batch, string name)
    {
        var result = transformer.Transform(batch);
        var column = result.Schema["__loom_expression"];
        return column.Type.RawType switch
        {
            var t when t == typeof(bool) => new BooleanDataFrameColumn(name, result.GetColumn<bool>(column)),
            var t when t == typeof(double) => new DoubleDataFrameColumn(name, result.GetColumn<double>(column)),
            var t when t == typeof(float) => new DoubleDataFrameColumn(name, result.GetColumn<float>(column).Select(v => (double)v)),
            var t when t == typeof(int) => new DoubleDataFrameColumn(name, result.GetColumn<int>(column).Select(v => (double)v)),
            var t when t == typeof(long) => new DoubleDataFrameColumn(name, result.GetColumn<long>(column).Select(v => (double)v)),
            _ => new StringDataFrameColumn(name, result.GetColumn<ReadOnlyMemory<char>>(column).Select(v => v.ToString())),
        };
    }

    /// <summary>Turns column references into lambda parameters c0, c1, ...</summary>
    private static (string Lambda, List<string> Inputs) Rewrite(string text, List<string> columns, string step, string parameter)
    {
        var inputs = new List<string>();
        var body = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                var end = i + 1;
                while (end < text.Length && text[end] != '"')
                {
                    end += text[end] == '\\' ? 2 : 1;
                }

                if (end >= text.Length)
                {
                    throw Error(text, i, "a text literal is not closed with \"", step, parameter);
                }

                body.Append(text, i, end - i + 1);
                i = end + 1;
            }
            else if (c == '`')
            {
                var end = text.IndexOf('`', i + 1);
                if (end < 0)
                {
                    throw Error(text, i, "a column name in backticks is not closed", step, parameter);
                }

                body.Append(Reference(text[(i + 1)..end], text, i, columns, inputs, step, parameter));
                i = end + 1;
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                var end = i;
                while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '.' || ((text[end] is '+' or '-') && text[end - 1] is 'e' or 'E')))
                {
                    end++;
                }

                body.Append(text, i, end - i);
                i = end;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var end = i;
                while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
                {
                    end++;
                }

                var word = text[i..end];
                var next = end;
                while (next < text.Length && char.IsWhiteSpace(text[next]))
                {
                    next++;
                }

                var isCall = next < text.Length && text[next] == '(';
                body.Append(isCall || Keywords.Contains(word) ? word : Reference(word, text, i, columns, inputs, step, parameter));
                i = end;
            }
            else
            {
                body.Append(c);
                i++;
            }
        }

        if (inputs.Count == 0)
        {
            throw new DataException($"step '{step}', '{parameter}': '{text}' reads no column; an expression computes a value from a row's columns");
        }

        return ($"({string.Join(", ", inputs.Select((_, n) => $"c{n}"))}) => {body}", inputs);
    }

    private static string Reference(string name, string text, int position, List<string> columns, List<string> inputs, string step, string parameter)
    {
        if (!columns.Contains(name))
        {
            throw Error(text, position, $"'{name}' is not a column (or a function: functions are followed by '('); the columns are {string.Join(", ", columns)}", step, parameter);
        }

        var index = inputs.IndexOf(name);
        if (index < 0)
        {
            inputs.Add(name);
            index = inputs.Count - 1;
        }

        return "c" + index.ToString(CultureInfo.InvariantCulture);
    }

    private static DataException Error(string text, int position, string reason, string step, string parameter) =>
        new($"step '{step}', '{parameter}': in '{text}' at character {position + 1}: {reason}");
}
