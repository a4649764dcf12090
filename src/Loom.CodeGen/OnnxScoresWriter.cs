namespace Loom.CodeGen;

/// <summary>Writes the OnnxScores helper (Helpers entry <c>OnnxScores</c>): an exported model scored through ONNX Runtime, and checked against the ML.NET model.</summary>
internal static class OnnxScoresWriter
{
    public static string Write(string name) => $$"""
        using Microsoft.ML;
        using Microsoft.ML.Data;
        using Microsoft.ML.OnnxRuntime;
        using Microsoft.ML.OnnxRuntime.Tensors;

        namespace {{name}}.Model;

        /// <summary>Scores rows with an ONNX model through ONNX Runtime, and checks an export against the model it came from.</summary>
        public static class OnnxScores
        {
            /// <summary>
            /// The ONNX model's outputs for the rows (the named ones, else all), each input fed from the column of its name:
            /// every output's values row by row (a row's values in turn when it holds several), named without ML.NET's
            /// ".output" suffix.
            /// </summary>
            public static IReadOnlyDictionary<string, object[]> Of(byte[] onnx, IDataView rows, IReadOnlyCollection<string>? outputs = null)
            {
                ArgumentNullException.ThrowIfNull(rows);
                // ONNX Runtime warns about shape merges in models ML.NET exports; only errors matter here.
                using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
                using var session = new InferenceSession(onnx, options);
                var inputs = session.InputMetadata.Select(input => Input(input.Key, input.Value, rows)).ToList();
                using var results = outputs is null ? session.Run(inputs) : session.Run(inputs, outputs);
                return results.ToDictionary(
                    r => r.Name.EndsWith(".output", StringComparison.Ordinal) ? r.Name[..^7] : r.Name,
                    r => r.Value switch
                    {
                        Tensor<float> t => Values(t),
                        Tensor<double> t => Values(t),
                        Tensor<long> t => Values(t),
                        Tensor<uint> t => Values(t),
                        Tensor<ulong> t => Values(t),
                        Tensor<int> t => Values(t),
                        Tensor<short> t => Values(t),
                        Tensor<ushort> t => Values(t),
                        Tensor<byte> t => Values(t),
                        Tensor<sbyte> t => Values(t),
                        Tensor<bool> t => Values(t),
                        Tensor<string> t => Values(t),
                        _ => throw new InvalidDataException($"the ONNX model's output '{r.Name}' is not a tensor of numbers, text or true/false values"),
                    });
            }

            /// <summary>
            /// The largest difference between the model's Score (and Probability) and the exported model's on the rows,
            /// relative for scores above 1 (32-bit floats hold about 7 digits); a class prediction that differs is an error.
            /// </summary>
            public static double LargestDifference(byte[] onnx, ITransformer model, IDataView rows)
            {
                ArgumentNullException.ThrowIfNull(model);
                var exported = Of(onnx, rows);
                var scored = model.Transform(rows);
                var difference = 0.0;
                foreach (var name in new[] { "Score", "Probability" })
                {
                    if (scored.Schema.GetColumnOrNull(name) is not { } column)
                    {
                        continue;
                    }

                    var mine = column.Type is VectorDataViewType
                        ? scored.GetColumn<VBuffer<float>>(column).SelectMany(v => v.DenseValues()).ToArray()
                        : scored.GetColumn<float>(column).ToArray();
                    var theirs = Output(exported, name, mine.Length);
                    for (var i = 0; i < mine.Length; i++)
                    {
                        var other = Convert.ToDouble(theirs[i], System.Globalization.CultureInfo.InvariantCulture);
                        var gap = double.IsNaN(mine[i]) && double.IsNaN(other) ? 0
                            : double.IsNaN(mine[i]) || double.IsNaN(other) ? double.PositiveInfinity
                            : Math.Abs(mine[i] - other) / Math.Max(1, Math.Abs(mine[i]));
                        difference = Math.Max(difference, gap);
                    }
                }

                if (scored.Schema.GetColumnOrNull("Prediction") is { } prediction && prediction.Type is BooleanDataViewType or TextDataViewType)
                {
                    var mine = prediction.Type is BooleanDataViewType
                        ? scored.GetColumn<bool>(prediction).Select(b => (object)b).ToArray()
                        : scored.GetColumn<ReadOnlyMemory<char>>(prediction).Select(t => (object)t.ToString()).ToArray();
                    var theirs = Output(exported, "Prediction", mine.Length);
                    for (var i = 0; i < mine.Length; i++)
                    {
                        if (!Equals(mine[i], theirs[i]))
                        {
                            throw new InvalidDataException($"on row {i + 1} the ONNX model predicts '{theirs[i]}' where the model predicts '{mine[i]}'; the export is not faithful");
                        }
                    }
                }

                return difference;
            }

            private static object[] Output(IReadOnlyDictionary<string, object[]> exported, string name, int count) =>
                !exported.TryGetValue(name, out var values) ? throw new InvalidDataException($"the ONNX model has no output for '{name}'; the export is incomplete")
                : values.Length == count ? values
                : throw new InvalidDataException($"the ONNX model's '{name}' holds {values.Length} values where the model's holds {count}");

            private static object[] Values<T>(Tensor<T> tensor) => tensor.ToArray().Select(v => (object)v!).ToArray();

            /// <summary>An input tensor, one value per row, from the column of its name: text, true/false, or numbers as the tensor's type.</summary>
            private static NamedOnnxValue Input(string name, NodeMetadata meta, IDataView rows)
            {
                var column = rows.Schema.GetColumnOrNull(name) ?? throw new InvalidDataException($"the ONNX model's input '{name}' has no column in the rows");
                var expected = meta.ElementDataType switch
                {
                    TensorElementType.String => "text",
                    TensorElementType.Bool => "true/false values",
                    _ => "numbers",
                };
                var holds = column.Type is TextDataViewType ? "text" : column.Type is BooleanDataViewType ? "true/false values" : "numbers";
                if (holds != expected)
                {
                    throw new InvalidDataException($"column '{name}' holds {holds}, but the ONNX model's input '{name}' expects {expected}");
                }

                int[] Shape(int count) => meta.Dimensions.Length == 1 ? [count] : [count, 1];
                if (column.Type is TextDataViewType)
                {
                    var text = rows.GetColumn<ReadOnlyMemory<char>>(column).Select(t => t.ToString()).ToArray();
                    return NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(text, Shape(text.Length)));
                }

                if (column.Type is BooleanDataViewType)
                {
                    var flags = rows.GetColumn<bool>(column).ToArray();
                    return NamedOnnxValue.CreateFromTensor(name, new DenseTensor<bool>(flags, Shape(flags.Length)));
                }

                var numbers = column.Type == NumberDataViewType.Single
                    ? rows.GetColumn<float>(column).Select(f => (double)f).ToArray()
                    : rows.GetColumn<double>(column).ToArray();
                long Whole(double value, int row) => double.IsNaN(value)
                    ? throw new InvalidDataException($"column '{name}', row {row + 1}: the value is missing, but the ONNX model's input '{name}' holds integers, which cannot be missing")
                    : (long)value;
                return meta.ElementDataType switch
                {
                    TensorElementType.Float => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(numbers.Select(n => (float)n).ToArray(), Shape(numbers.Length))),
                    TensorElementType.Int64 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<long>(numbers.Select(Whole).ToArray(), Shape(numbers.Length))),
                    TensorElementType.Int32 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<int>(numbers.Select((n, row) => (int)Whole(n, row)).ToArray(), Shape(numbers.Length))),
                    _ => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<double>(numbers, Shape(numbers.Length))),
                };
            }
        }

        """;
}
