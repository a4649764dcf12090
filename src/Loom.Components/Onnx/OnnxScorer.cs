using System.Globalization;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Loom.Components.Onnx;

/// <summary>
/// Scores table batches with an ONNX model through ONNX Runtime: each model input is fed from the table
/// column of its name, converted to the tensor's element type; outputs become columns.
/// </summary>
internal sealed class OnnxScorer : IDisposable
{
    private readonly InferenceSession session;
    private readonly string step;

    public OnnxScorer(string path, string step)
    {
        this.step = step;
        try
        {
            // ONNX Runtime warns on stderr about shape merges in models ML.NET exports; only errors matter here.
            using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new DataException($"step '{step}': not a model ONNX Runtime can load: {e.Message}");
        }
    }

    /// <summary>Output names without ML.NET's ".output" suffix.</summary>
    public static string ColumnName(string output) => output.EndsWith(".output", StringComparison.Ordinal) ? output[..^7] : output;

    public IReadOnlyDictionary<string, NodeMetadata> Inputs => session.InputMetadata;

    public IReadOnlyDictionary<string, NodeMetadata> Outputs => session.OutputMetadata;

    /// <summary>Checks every model input against the table's columns; the message names the input, the column and both types.</summary>
    public void Check(DataFrame batch)
    {
        foreach (var (name, meta) in session.InputMetadata)
        {
            var index = batch.Columns.IndexOf(name);
            if (index < 0)
            {
                throw new DataException($"step '{step}': the ONNX model's input '{name}' ({Describe(meta)}) has no column in the table; its columns are {string.Join(", ", batch.Columns.Select(c => c.Name))}");
            }

            var column = batch.Columns[index];
            var fits = meta.ElementDataType switch
            {
                TensorElementType.String => column is StringDataFrameColumn,
                TensorElementType.Bool => column is BooleanDataFrameColumn,
                TensorElementType.Float or TensorElementType.Double or TensorElementType.Int64 or TensorElementType.Int32 => column is DoubleDataFrameColumn or SingleDataFrameColumn,
                _ => false,
            };
            if (!fits)
            {
                throw new DataException($"step '{step}': column '{name}' holds {Kind(column)}, but the ONNX model's input '{name}' expects {Describe(meta)}");
            }

            if (meta.Dimensions.Skip(1).Any(d => d > 1))
            {
                throw new DataException($"step '{step}': the ONNX model's input '{name}' is {Describe(meta)}; Loom feeds one column per input, so each input must hold one value per row");
            }
        }
    }

    /// <summary>The chosen outputs for every row of a batch.</summary>
    public List<DataFrameColumn> Score(DataFrame batch, IReadOnlyList<string> outputs)
    {
        var rows = (int)batch.Rows.Count;
        if (rows == 0)
        {
            // ONNX Runtime can crash the process on empty string tensors: an empty batch gets the
            // columns a one-row batch of default values gets, without their row.
            return Score(Placeholder(batch), outputs).Select(c => c switch
            {
                BooleanDataFrameColumn => (DataFrameColumn)new BooleanDataFrameColumn(c.Name),
                StringDataFrameColumn => new StringDataFrameColumn(c.Name),
                _ => new DoubleDataFrameColumn(c.Name),
            }).ToList();
        }

        var inputs = session.InputMetadata.Select(i => Input(i.Key, batch.Columns[i.Key], i.Value, rows)).ToList();
        using var results = session.Run(inputs, outputs);
        var columns = new List<DataFrameColumn>();
        foreach (var result in results)
        {
            columns.AddRange(Columns(ColumnName(result.Name), result, rows));
        }

        return columns;
    }

    private static NamedOnnxValue Input(string name, DataFrameColumn column, NodeMetadata meta, int rows)
    {
        int[] shape = meta.Dimensions.Length == 1 ? [rows] : [rows, 1];
        double Number(int r) => column[r] switch { double d => d, float f => f, _ => double.NaN };
        T[] Values<T>(Func<int, T> value) => Enumerable.Range(0, rows).Select(value).ToArray();
        return meta.ElementDataType switch
        {
            TensorElementType.String => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(Values(r => (string?)column[r] ?? ""), shape)),
            TensorElementType.Bool => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<bool>(Values(r => (bool?)column[r] ?? false), shape)),
            TensorElementType.Double => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<double>(Values(Number), shape)),
            TensorElementType.Int64 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<long>(Values(r => (long)Whole(Number(r), name, r)), shape)),
            TensorElementType.Int32 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<int>(Values(r => (int)Whole(Number(r), name, r)), shape)),
            _ => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(Values(r => (float)Number(r)), shape)),
        };
    }

    private static double Whole(double value, string name, int row) => double.IsNaN(value)
        ? throw new DataException($"column '{name}', row {row + 1} of its batch: the value is missing, but the ONNX model's input '{name}' holds integers, which cannot be missing")
        : value;

    /// <summary>One row of default values (empty text, 0, false) in the model's input columns.</summary>
    private DataFrame Placeholder(DataFrame batch) => new(session.InputMetadata.Select(i => batch.Columns[i.Key] switch
    {
        StringDataFrameColumn => (DataFrameColumn)new StringDataFrameColumn(i.Key, [""]),
        BooleanDataFrameColumn => new BooleanDataFrameColumn(i.Key, [false]),
        _ => new DoubleDataFrameColumn(i.Key, [0.0]),
    }));

    private static IEnumerable<DataFrameColumn> Columns(string name, DisposableNamedOnnxValue value, int rows)
    {
        var (values, width, kind) = value.Value switch
        {
            Tensor<float> t => (t.ToArray().Select(v => (object)(double)v).ToArray(), Width(t.Dimensions, rows), typeof(double)),
            Tensor<double> t => (t.ToArray().Select(v => (object)v).ToArray(), Width(t.Dimensions, rows), typeof(double)),
            Tensor<long> t => (t.ToArray().Select(v => (object)(double)v).ToArray(), Width(t.Dimensions, rows), typeof(double)),
            Tensor<int> t => (t.ToArray().Select(v => (object)(double)v).ToArray(), Width(t.Dimensions, rows), typeof(double)),
            Tensor<uint> t => (t.ToArray().Select(v => (object)(double)v).ToArray(), Width(t.Dimensions, rows), typeof(double)),
            Tensor<ulong> t => (t.ToArray().Select(v => (object)(double)v).ToArray(), Width(t.Dimensions, rows), typeof(double)),
            Tensor<short> t => (t.ToArray().Select(v => (object)(double)v).ToArray(), Width(t.Dimensions, rows), typeof(double)),
            Tensor<byte> t => (t.ToArray().Select(v => (object)(double)v).ToArray(), Width(t.Dimensions, rows), typeof(double)),
            Tensor<bool> t => (t.ToArray().Select(v => (object)v).ToArray(), Width(t.Dimensions, rows), typeof(bool)),
            Tensor<string> t => (t.ToArray().Select(v => (object)v).ToArray(), Width(t.Dimensions, rows), typeof(string)),
            _ => throw new DataException($"the ONNX model's output '{name}' is not a tensor Loom reads (maps and sequences are not); choose other outputs with 'outputs'"),
        };
        for (var k = 0; k < width; k++)
        {
            var column = width == 1 ? name : $"{name}_{k.ToString(CultureInfo.InvariantCulture)}";
            var slice = Enumerable.Range(0, rows).Select(r => values[(r * width) + k]);
            yield return kind == typeof(bool) ? new BooleanDataFrameColumn(column, slice.Cast<bool>())
                : kind == typeof(string) ? new StringDataFrameColumn(column, slice.Cast<string>())
                : new DoubleDataFrameColumn(column, slice.Cast<double>());
        }
    }

    private static int Width(ReadOnlySpan<int> dimensions, int rows) => (int)(Product(dimensions) / rows);

    private static long Product(ReadOnlySpan<int> dimensions)
    {
        long product = 1;
        foreach (var d in dimensions)
        {
            product *= d;
        }

        return product;
    }

    private static string Describe(NodeMetadata meta) =>
        $"{meta.ElementDataType.ToString().ToLowerInvariant()}[{string.Join(", ", meta.Dimensions.Select(d => d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture)))}]";

    private static string Kind(DataFrameColumn column) => column switch
    {
        StringDataFrameColumn => "text",
        BooleanDataFrameColumn => "true/false values",
        _ => "numbers",
    };

    public void Dispose() => session.Dispose();
}
