using Loom.Components.CodeGen;

namespace Loom.CodeGen;

/// <summary>Writes the generated tests: parity with the platform's predictions and metrics, and input validation.</summary>
internal static class TestsWriter
{
    public static IEnumerable<(string File, string Text)> Write(EmittedPipeline pipeline, ModelFacts model)
    {
        var n = pipeline.Code.Name;
        var options = pipeline.Steps.Any(s => s.Method.Body.Any(l => l.Contains("options.", StringComparison.Ordinal)));
        var dataOptions = string.Join(", ", pipeline.Options.Where(o => o.Type == "string" && o.Default.StartsWith("\"data/", StringComparison.Ordinal)).Select(o => $"{o.Property} = InOutput({o.Default})"));
        var create = $"new {n}Training({(options ? $"new TrainingOptions {{ {dataOptions} }}, " : "")}NullLogger<{n}Training>.Instance)";
        var compare = string.Concat(PredictionField.Of(model.Task).Select(f =>
            $"            Assert.Equal({f.FromJson("expected[i].RootElement")}, actual.{f.Column});\n"));
        if (pipeline.EvaluationRows is not null && pipeline.Metrics is not null)
        {
            var metrics = pipeline.Outputs.First(o => o.Variable == pipeline.Metrics).Property;
            var fileOutputs = pipeline.Outputs.Where(o => pipeline.Artifacts.Files.ContainsKey(o.Name)).ToList();
            var parquet = fileOutputs.Any(o => pipeline.FileExtension(o) == "parquet");
            var onnx = fileOutputs.Any(o => pipeline.FileExtension(o) == "onnx");
            var otherMetrics = string.Concat(pipeline.Outputs.Where(o => pipeline.Artifacts.OtherMetrics.ContainsKey(o.Name)).Select(o =>
                $"        AssertSameMetrics({CSharpLiteral.Of($"expected/metrics/{o.Name}.json")}, result.{o.Property});\n"));
            var files = string.Concat(fileOutputs.Select(o =>
            {
                var file = CSharpNames.Camel(o.Name) + "File";
                var expected = $"InOutput({CSharpLiteral.Of("expected/files/" + o.Name)})";
                var same = pipeline.FileExtension(o) switch
                {
                    "parquet" => $"await AssertSameParquetAsync({expected}, {file});",
                    "onnx" => $"AssertSameOnnxScores({expected}, {file});",
                    _ => $"Assert.Equal(File.ReadAllBytes({expected}), File.ReadAllBytes({file}));",
                };
                return $$"""

                            var {{file}} = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName());
                            await result.{{o.Property}}.SaveAsync({{file}});
                            {{same}}
                            File.Delete({{file}});

                    """;
            }));
            var parquetHelper = parquet ? "\n\n" + """
                    /// <summary>Two Parquet files hold the same columns (names and types) and the same rows, however their row groups are laid out.</summary>
                    private static async Task AssertSameParquetAsync(string expected, string actual)
                    {
                        await using var expectedFile = File.OpenRead(expected);
                        await using var actualFile = File.OpenRead(actual);
                        var want = await ParquetSerializer.DeserializeUntypedAsync(expectedFile);
                        var got = await ParquetSerializer.DeserializeUntypedAsync(actualFile);
                        Assert.Equal(want.Schema.DataFields.Select(f => (f.Name, f.ClrType, f.IsNullable)), got.Schema.DataFields.Select(f => (f.Name, f.ClrType, f.IsNullable)));
                        Assert.Equal(want.Data, got.Data);
                    }
                """ : "";
            var onnxHelper = onnx ? "\n\n" + $$"""
                    /// <summary>
                    /// Two ONNX models predict the same on the test rows. Their files differ: the platform's featurizer works on
                    /// copies of the columns where the generated one converts them in place, so only the predictions compare.
                    /// </summary>
                    private static void AssertSameOnnxScores(string expected, string actual)
                    {
                        var rows = new MLContext().Data.LoadFromEnumerable({{create}}.EvaluationRows());
                        var want = OnnxScores.Of(File.ReadAllBytes(expected), rows);
                        var got = OnnxScores.Of(File.ReadAllBytes(actual), rows);
                        Assert.Contains("Score", want.Keys);
                        foreach (var name in new[] { "PredictedLabel", "Score", "Probability", "Prediction" }.Where(want.ContainsKey))
                        {
                            Assert.True(got.ContainsKey(name), $"the generated ONNX model has no output '{name}'");
                            Assert.Equal(want[name], got[name]);
                        }
                    }
                """ : "";
            yield return ($"tests/{n}.Tests/ParityTests.cs", $$"""
                using System.Text.Json;
                using Microsoft.Extensions.Logging.Abstractions;
                {{(onnx ? "using Microsoft.ML;\n" : "")}}{{(parquet ? "using Parquet.Serialization;\n" : "")}}using {{n}}.Model;

                namespace {{n}}.Tests;

                /// <summary>The generated code does what the platform did: same predictions from the saved model, same metrics when retrained.</summary>
                public sealed class ParityTests
                {
                    [Fact]
                    public void The_saved_model_predicts_exactly_what_the_platform_predicted_on_the_test_rows()
                    {
                        var rows = {{create}}.EvaluationRows();
                        var expected = File.ReadAllLines(InOutput("expected/predictions.jsonl")).Select(line => JsonDocument.Parse(line)).ToList();
                        Assert.Equal(expected.Count, rows.Count);
                        var predictor = new {{n}}Predictor(InOutput("models/model.zip"));
                        for (var i = 0; i < rows.Count; i++)
                        {
                            var actual = predictor.Predict({{InputOf(pipeline, model, "rows[i]")}});
                {{compare}}        }
                    }

                    [Fact]
                    public {{(files.Length > 0 ? "async Task" : "void")}} Retraining_with_the_same_seed_gives_the_platform_metrics{{(files.Length > 0 ? "_and_files" : "")}}()
                    {
                        var result = {{create}}.Run();
                        AssertSameMetrics("expected/metrics.json", result.{{metrics}});
                {{otherMetrics}}{{files}}    }

                    /// <summary>Every metric the platform measured, measured again within 1e-6.</summary>
                    private static void AssertSameMetrics(string expectedFile, IReadOnlyDictionary<string, double> actual)
                    {
                        var expected = JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(InOutput(expectedFile)))!;
                        Assert.NotEmpty(expected);
                        foreach (var (name, value) in expected)
                        {
                            Assert.True(Math.Abs(value - actual[name]) <= 1e-6 || (double.IsNaN(value) && double.IsNaN(actual[name])), $"{expectedFile}, {name}: platform {value}, generated {actual[name]}");
                        }
                    }

                    private static string InOutput(string path) => Path.Combine(AppContext.BaseDirectory, path);{{parquetHelper}}{{onnxHelper}}
                }

                """);
        }

        var number = pipeline.ModelRows.Shape.Columns.FirstOrDefault(c => model.Inputs.Contains(c.Name) && c.Kind == "number");
        var infinite = number is null ? "" : $$"""

                [Fact]
                public void An_infinite_number_is_refused_with_the_column_name()
                {
                    var predictor = new {{n}}Predictor(Path.Combine(AppContext.BaseDirectory, "models/model.zip"));
                    var error = Assert.Throws<InvalidInputException>(() => predictor.Predict(new {{n}}Input { {{number.Property}} = double.PositiveInfinity }));
                    Assert.Equal({{CSharpLiteral.Of(number.Name)}}, error.Field);
                }

            """;
        yield return ($"tests/{n}.Tests/InputTests.cs", $$"""
            using {{n}}.Model;

            namespace {{n}}.Tests;

            /// <summary>Inputs the model cannot take are refused before they reach it; missing values are predicted.</summary>
            public sealed class InputTests
            {
                [Fact]
                public void A_null_input_is_refused()
                {
                    var predictor = new {{n}}Predictor(Path.Combine(AppContext.BaseDirectory, "models/model.zip"));
                    Assert.Throws<ArgumentNullException>(() => predictor.Predict((({{n}}Input)null!)));
                }

                [Fact]
                public void An_input_with_every_value_missing_still_gets_a_prediction()
                {
                    var predictor = new {{n}}Predictor(Path.Combine(AppContext.BaseDirectory, "models/model.zip"));
                    var input = new {{n}}Input();
            {{string.Concat(pipeline.ModelRows.Shape.Columns.Where(c => model.Inputs.Contains(c.Name) && c.Kind == "number").Select(c => $"        input.{c.Property} = double.NaN;\n"))}}        var prediction = predictor.Predict(input);
                    Assert.NotNull(prediction);
                }
            {{infinite}}}

            """);
    }

    /// <summary>An evaluation row as the model's input: itself when it is of the training rows' class, else its input columns copied.</summary>
    private static string InputOf(EmittedPipeline pipeline, ModelFacts model, string row)
    {
        if (pipeline.EvaluationRowClass is not { } rows || rows == pipeline.ModelRows)
        {
            return row;
        }

        var fields = model.Inputs.Select(name => $"{pipeline.ModelRows.Shape[name].Property} = {row}.{rows.Shape[name].Property}");
        return $"new {pipeline.Code.InputClass} {{ {string.Join(", ", fields)} }}";
    }
}
