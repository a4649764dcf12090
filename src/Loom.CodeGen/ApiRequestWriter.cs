using System.Text;
using Loom.Components.CodeGen;

namespace Loom.CodeGen;

/// <summary>What the prediction service reads: the request class, the model's input columns, and sample rows from the test data.</summary>
/// <param name="Request">The request class.</param>
/// <param name="Inputs">The columns the model reads, in order.</param>
/// <param name="Samples">The first test rows as JSON request bodies.</param>
internal sealed record ApiSchema(string Request, IReadOnlyList<TableColumn> Inputs, IReadOnlyList<string> Samples);

/// <summary>Writes the request class and the prediction endpoints of the prediction service.</summary>
internal static class ApiRequestWriter
{
    public static string Request(EmittedPipeline pipeline, ApiSchema schema)
    {
        var code = pipeline.Code;
        var properties = new StringBuilder();
        var conversions = new StringBuilder();
        var expected = new StringBuilder();
        foreach (var c in schema.Inputs)
        {
            var (type, missing, value) = c.Kind switch
            {
                "number" => ("double?", "; null when missing", $"{c.Property} ?? double.NaN"),
                "boolean" => ("bool", "", c.Property),
                _ => ("string?", "; null when missing", c.Property),
            };
            properties.Append(properties.Length > 0 ? "\n" : "")
                .Append($"    /// <summary>Column '{ModelClassesWriter.Doc(c.Name)}' ({c.Kind}){missing}.</summary>\n")
                .Append($"    [JsonPropertyName({CSharpLiteral.Of(c.Name)}), JsonRequired]\n")
                .Append($"    public {type} {c.Property} {{ get; init; }}\n");
            conversions.Append($"        {c.Property} = {value},\n");
            expected.Append($"        [{CSharpLiteral.Of(c.Name)}] = \"{(c.Kind switch { "number" => "a number or null", "boolean" => "true or false", _ => "a string or null" })}\",\n");
        }

        return $$"""
            using System.Text.Json.Serialization;
            using {{code.Name}}.Model;

            namespace {{code.Name}}.Api;

            /// <summary>
            /// One row to predict: every column the model reads, by its name in the data. A field that is absent or not
            /// a column of the model is refused; null is a missing value.
            /// </summary>
            [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
            public sealed class {{schema.Request}}
            {
            {{properties}}
                /// <summary>The model's input for this row.</summary>
                public {{code.InputClass}} ToInput() => new()
                {
            {{conversions}}    };
            }

            /// <summary>The fields of <see cref="{{schema.Request}}"/>.</summary>
            public static class {{schema.Request}}Fields
            {
                /// <summary>What each field takes, by its JSON name.</summary>
                public static readonly IReadOnlyDictionary<string, string> Expected = new Dictionary<string, string>(StringComparer.Ordinal)
                {
            {{expected}}    };
            }

            """;
    }

    public static string Endpoints(EmittedPipeline pipeline, ApiSchema schema)
    {
        var code = pipeline.Code;
        var (request, prediction) = (schema.Request, code.PredictionClass);
        return $$"""
            using Microsoft.AspNetCore.Http.HttpResults;
            using Microsoft.Extensions.Options;
            using {{code.Name}}.Model;

            namespace {{code.Name}}.Api;

            /// <summary>POST /predict (one row), POST /predict/batch (an array of rows) and GET /model (the model file in service).</summary>
            public static class PredictEndpoints
            {
                /// <summary>Maps the endpoints.</summary>
                public static void Map(IEndpointRouteBuilder app)
                {
                    app.MapPost("/predict", Predict)
                        .WithName("Predict")
                        .WithSummary("Predicts one row.")
                        .ProducesProblem(StatusCodes.Status400BadRequest);
                    app.MapPost("/predict/batch", PredictBatch)
                        .WithName("PredictBatch")
                        .WithSummary("Predicts an array of rows; the predictions are in the same order.")
                        .ProducesProblem(StatusCodes.Status400BadRequest);
                    app.MapGet("/model", (ServedModel model) => TypedResults.Ok(model.Version))
                        .WithName("Model")
                        .WithSummary("The model file in service: its path, SHA-256 and when it was loaded.");
                }

                private static Results<Ok<{{prediction}}>, ProblemHttpResult> Predict({{request}} row, ServedModel model, PredictionMetrics metrics)
                {
                    try
                    {
                        var predicted = model.Predictor.Predict(row.ToInput());
                        metrics.Predicted(1, batch: false);
                        return TypedResults.Ok(predicted);
                    }
                    catch (InvalidInputException e)
                    {
                        return Invalid(e.Message, e.Field);
                    }
                }

                private static Results<Ok<IReadOnlyList<{{prediction}}>>, ProblemHttpResult> PredictBatch({{request}}?[] rows, ServedModel model, PredictionMetrics metrics, IOptions<ApiOptions> options)
                {
                    if (rows.Length == 0 || rows.Length > options.Value.MaxBatchRows)
                    {
                        return Invalid($"a batch holds 1 to {options.Value.MaxBatchRows} rows; this one has {rows.Length}", null);
                    }

                    var inputs = new List<{{code.InputClass}}>(rows.Length);
                    for (var i = 0; i < rows.Length; i++)
                    {
                        if (rows[i] is not { } row)
                        {
                            return Invalid($"row {i} is null; give an object with the model's columns", $"$[{i}]");
                        }

                        var input = row.ToInput();
                        try
                        {
                            {{code.InputClass}}Validation.Check(input);
                        }
                        catch (InvalidInputException e)
                        {
                            return Invalid($"row {i}: {e.Message}", e.Field);
                        }

                        inputs.Add(input);
                    }

                    var predicted = model.Predictor.Predict(inputs);
                    metrics.Predicted(predicted.Count, batch: true);
                    return TypedResults.Ok(predicted);
                }

                private static ProblemHttpResult Invalid(string detail, string? field) =>
                    TypedResults.Problem(
                        detail,
                        statusCode: StatusCodes.Status400BadRequest,
                        title: "The request is not a valid input of the model.",
                        extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });
            }

            """;
    }
}
