using Loom.Components.CodeGen;
using Loom.Components.Tables;

namespace Loom.Components.Onnx;

/// <content>
/// The step as code: ONNX Runtime scores the rows through the generated OnnxScores helper, each input fed from the
/// column of its name, and the outputs the run appended are appended again, one column per value, named as the run
/// named them. Which outputs and how many values each holds are read here, from the model the run scored with.
/// </content>
internal sealed partial class ScoreOnnx : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var bound = step.HasInput("onnx");
        if (bound && Outputs.Length == 0)
        {
            throw step.Unsupported("the ONNX model comes from another step, whose generated export holds other inner columns than the run's: name the outputs to append with 'outputs' (such as [Score, Probability])");
        }

        var rows = await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var output = await step.OutputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var file = bound ? step.InputArtifact("onnx") : System.IO.Path.GetFullPath(System.IO.Path.Combine(step.Code.WorkspaceRoot, Path ?? ""));
        var appended = await AppendedAsync(step, file, output, cancellationToken).ConfigureAwait(false);
        step.Code.Packages.Add("Microsoft.ML.OnnxRuntime");
        step.Code.Helpers.Add("OnnxScores");
        var inputs = new List<MethodPort> { StepCode.TableInput("table", rows) };
        var model = new List<string>();
        if (bound)
        {
            inputs.Add(new MethodPort("onnx", "DataFile", "onnx"));
            model.AddRange(["using var buffer = new MemoryStream();", "onnx.Write(buffer).GetAwaiter().GetResult();", "var model = buffer.ToArray();"]);
        }
        else
        {
            model.Add($"var model = File.ReadAllBytes({step.ShippedPath("path", Path!)});");
        }

        var widths = appended.GroupBy(a => a.Output).ToDictionary(g => g.Key, g => g.Count());
        string Value(TableColumn column)
        {
            var found = appended.Where(a => a.Column == column.Name).ToList();
            if (found.Count == 0)
            {
                return RowCode.Read(rows, column.Name);
            }

            var value = found[0];

            var at = (widths[value.Output], value.Index) switch
            {
                (1, _) => "[i]",
                (var width, 0) => $"[i * {width}]",
                (var width, var index) => $"[(i * {width}) + {index}]",
            };
            var read = $"scores[{CSharpLiteral.Of(value.Output)}]{at}";
            return column.Kind switch
            {
                "number" => $"Convert.ToDouble({read}, CultureInfo.InvariantCulture)",
                "boolean" => $"(bool){read}",
                _ => $"(string){read}",
            };
        }

        step.Code.Usings.Add("System.Globalization");
        return new StepMethod(
            $"scores the rows with the ONNX model through ONNX Runtime and appends {string.Join(", ", widths.Keys)}",
            inputs,
            [StepCode.TableOutput("table", output, "table")],
            [
                .. model,
                "if (table.Count == 0)",
                "{",
                $"    return new List<{output.Name}>();",
                "}",
                "",
                $"var scores = OnnxScores.Of(model, new MLContext().Data.LoadFromEnumerable(table), [{string.Join(", ", appended.Select(a => a.Onnx).Distinct().Select(CSharpLiteral.Of))}]);",
                .. RowCode.Convert("table", output, Value, indexed: true),
            ]);
    }

    /// <summary>
    /// The columns the run appended, each as an output of the ONNX model (named as the helper names it, and as the model
    /// does) and the index of its value: the outputs chosen as the
    /// platform chooses them, two rows scored to learn how many values each holds per row, the names made unique as the platform makes them.
    /// </summary>
    private async Task<IReadOnlyList<(string Column, string Output, string Onnx, int Index)>> AppendedAsync(StepCode step, string file, RowClass output, CancellationToken cancellationToken)
    {
        var table = await ParquetTables.ReadAsync(step.InputArtifact("table"), cancellationToken).ConfigureAwait(false);
        using var onnx = new OnnxScorer(file, step.Name);
        var available = onnx.Outputs.Keys.ToList();
        if (Outputs.FirstOrDefault(o => !available.Contains(o) && !available.Contains(o + ".output")) is { } unknown)
        {
            throw step.Unsupported($"the ONNX model has no output '{unknown}'");
        }

        List<string> outputs = Outputs.Length > 0
            ? [.. Outputs.Select(o => available.Contains(o) ? o : o + ".output")]
            : [.. available.Where(o => table.Columns.IndexOf(OnnxScorer.ColumnName(o)) < 0)];
        var names = table.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var appended = new List<(string Column, string Output, string Onnx, int Index)>();
        foreach (var o in outputs)
        {
            // Two rows, as an output of a fixed shape (ML.NET's unused outputs) holds no value per row in the run's batches.
            var columns = onnx.Score(table.Head(Math.Min(2, (int)table.Rows.Count)), [o]);
            for (var k = 0; k < columns.Count; k++)
            {
                var name = columns[k].Name;
                for (var n = 1; names.Contains(name); n++)
                {
                    name = $"{columns[k].Name}_{n}";
                }

                names.Add(name);
                appended.Add((name, OnnxScorer.ColumnName(o), o, k));
            }
        }

        var expected = output.Shape.Columns.Skip((int)table.Columns.Count).Select(c => c.Name);
        return expected.SequenceEqual(appended.Select(a => a.Column))
            ? appended
            : throw step.Unsupported($"the run appended {string.Join(", ", expected)}, but the ONNX model's outputs make {string.Join(", ", appended.Select(a => a.Column))}");
    }
}
