using System.Text;
using Loom.Components.CodeGen;

namespace Loom.CodeGen;

/// <summary>Writes the data classes of the model library: input, row, prediction, options, result, trained model.</summary>
internal static class ModelClassesWriter
{
    public static IEnumerable<(string File, string Text)> Write(EmittedPipeline pipeline, ModelFacts model)
    {
        var code = pipeline.Code;
        var modelRows = pipeline.ModelRows;
        var inputs = model.Inputs.Select(name => modelRows.Shape[name]).ToList();
        var ns = $"namespace {code.Name}.Model;\n";
        yield return ($"{code.InputClass}.cs", $$"""
            using Microsoft.ML.Data;

            {{ns}}
            /// <summary>One input of the model: the columns it reads. A missing number is NaN; a missing text is null or empty.</summary>
            public class {{code.InputClass}}
            {
            {{Properties(inputs)}}}

            """);
        foreach (var rows in code.RowClasses)
        {
            yield return ($"{rows.Name}.cs", RowClassText(ns, rows, rows == modelRows ? (code.InputClass, inputs, model.Label) : null));
            if (rows.ReadFromFile)
            {
                yield return ($"{rows.FieldsName}.cs", FieldsClassText(ns, rows));
            }
        }

        yield return ($"{code.PredictionClass}.cs", $$"""
            {{ns}}
            /// <summary>What the model predicts for one input.</summary>
            public sealed class {{code.PredictionClass}}
            {
            {{PredictionProperties(model)}}}

            """);
        yield return ("TrainedModel.cs", $$"""
            using Microsoft.ML;

            {{ns}}
            /// <summary>A trained ML.NET model and the schema of the rows it was trained on.</summary>
            /// <param name="Transformer">The whole chain from raw columns to the prediction.</param>
            /// <param name="InputSchema">The schema of the training rows.</param>
            public sealed record TrainedModel(ITransformer Transformer, DataViewSchema InputSchema)
            {
                /// <summary>Saves the model as an ML.NET model file (zip), the file the predictor loads.</summary>
                public void Save(string path)
                {
                    new MLContext().Model.Save(Transformer, InputSchema, path);
                }
            }

            """);
        if (pipeline.Steps.Any(s => s.Method.Outputs.Any(o => o.Type == "DataFile")))
        {
            yield return ("DataFile.cs", $$"""
                {{ns}}
                /// <summary>A file a step makes: its extension and how to write it; <see cref="SaveAsync"/> writes it.</summary>
                /// <param name="Extension">The file's extension, without the dot.</param>
                /// <param name="Write">Writes the file's content to a stream.</param>
                public sealed record DataFile(string Extension, Func<Stream, Task> Write)
                {
                    /// <summary>Writes the file to a temporary file next to <paramref name="path"/> and moves it there, so no half-written file is left.</summary>
                    public async Task SaveAsync(string path)
                    {
                        var temporary = path + ".tmp";
                        try
                        {
                            await using (var stream = File.Create(temporary))
                            {
                                await Write(stream);
                            }

                            File.Move(temporary, path, overwrite: true);
                        }
                        finally
                        {
                            File.Delete(temporary);
                        }
                    }
                }

                """);
        }

        if (pipeline.Options.Count > 0)
        {
            yield return ("TrainingOptions.cs", $$"""
                {{ns}}
                /// <summary>The pipeline's parameters; the defaults are the values the platform's run used.</summary>
                public sealed record TrainingOptions
                {
                {{string.Join("\n", pipeline.Options.Select(o => $"    /// <summary>{Doc(o.Description.Length > 0 ? o.Description : $"Pipeline parameter '{o.Name}'.")}</summary>\n    public {o.Type} {o.Property} {{ get; init; }} = {o.Default};\n"))}}}

                """);
        }

        yield return ("TrainingResult.cs", $$"""
            {{ns}}
            /// <summary>The pipeline's outputs.</summary>
            {{string.Join("\n", pipeline.Outputs.Select(o => $"/// <param name=\"{o.Property}\">Output '{o.Name}' ({o.Source}).</param>"))}}
            public sealed record TrainingResult({{string.Join(", ", pipeline.Outputs.Select(o => $"{o.Type} {o.Property}"))}});

            """);
        yield return ("InvalidInputException.cs", $$"""
            {{ns}}
            /// <summary>An input the model cannot take; <see cref="Field"/> names the column.</summary>
            public sealed class InvalidInputException : ArgumentException
            {
                /// <summary>Creates the error for a field.</summary>
                public InvalidInputException(string field, string message)
                    : base($"{field}: {message}")
                {
                    Field = field;
                }

                /// <summary>The column whose value is wrong.</summary>
                public string Field { get; }
            }

            """);
        yield return ($"{code.InputClass}Validation.cs", $$"""
            {{ns}}
            /// <summary>Checks an input before it reaches the model.</summary>
            public static class {{code.InputClass}}Validation
            {
                /// <summary>Throws <see cref="InvalidInputException"/> naming the first field that is wrong.</summary>
                public static void Check({{code.InputClass}} input)
                {
                    ArgumentNullException.ThrowIfNull(input);
            {{Checks(inputs)}}    }
            }

            """);
    }

    /// <summary>A row class; the model's training rows derive from its input class and add the other columns.</summary>
    private static string RowClassText(string ns, RowClass rows, (string Class, List<TableColumn> Columns, string? Label)? input)
    {
        var file = rows.ReadFromFile ? "of the file" : "of the table";
        if (input is not { } model)
        {
            return $$"""
                using Microsoft.ML.Data;

                {{ns}}
                /// <summary>One row {{file}}: {{rows.Shape.Columns.Count}} columns.</summary>
                public sealed class {{rows.Name}}
                {
                {{Properties(rows.Shape.Columns)}}}

                """;
        }

        var others = rows.Shape.Columns.Where(c => !model.Columns.Contains(c)).ToList();
        return $$"""
            using Microsoft.ML.Data;

            {{ns}}
            /// <summary>One row the model is trained on: its inputs and the other columns {{file}}{{(model.Label is null ? "" : $", among them the label '{model.Label}'")}}.</summary>
            public sealed class {{rows.Name}} : {{model.Class}}
            {
            {{Properties(others)}}}

            """;
    }

    /// <summary>The class of a line of a delimited file: each field as text, by position, converted to the row's types by the step that reads it.</summary>
    private static string FieldsClassText(string ns, RowClass rows)
    {
        var text = new StringBuilder();
        foreach (var c in rows.Shape.Columns)
        {
            text.Append(text.Length > 0 ? "\n" : "");
            text.Append($"    /// <summary>Field {c.Index + 1}: column '{Doc(c.Name)}' as written in the file.</summary>\n");
            text.Append($"    [LoadColumn({c.Index})]\n");
            text.Append($"    public string? {c.Property} {{ get; set; }}\n");
        }

        return $$"""
            using Microsoft.ML.Data;

            {{ns}}
            /// <summary>One line of the file as text fields, before each becomes its column's type (see <see cref="{{rows.Name}}"/>).</summary>
            public sealed class {{rows.FieldsName}}
            {
            {{text}}}

            """;
    }

    private static string Properties(IEnumerable<TableColumn> columns)
    {
        var text = new StringBuilder();
        foreach (var c in columns)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append($"    /// <summary>Column '{Doc(c.Name)}' ({c.Kind}).</summary>\n");
            text.Append($"    [ColumnName({CSharpLiteral.Of(c.Name)})]\n");
            text.Append($"    public {c.Type}{(c.Kind == "text" ? "?" : "")} {c.Property} {{ get; set; }}\n");
        }

        return text.ToString();
    }

    private static string Checks(IEnumerable<TableColumn> columns)
    {
        var text = new StringBuilder();
        foreach (var c in columns.Where(c => c.Kind == "number"))
        {
            text.Append($"        if (double.IsInfinity(input.{c.Property}))\n        {{\n            throw new InvalidInputException({CSharpLiteral.Of(c.Name)}, \"must be a finite number (NaN when missing)\");\n        }}\n\n");
        }

        return text.Length == 0 ? "" : text.ToString(0, text.Length - 1);
    }

    private static string PredictionProperties(ModelFacts model) =>
        string.Join("\n", PredictionField.Of(model.Task).Select(f => $"    /// <summary>{f.Doc}</summary>\n    {f.Declaration}\n"));

    /// <summary>Text escaped for an XML doc comment.</summary>
    internal static string Doc(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
