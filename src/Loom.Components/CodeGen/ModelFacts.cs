using System.Text;
using System.Text.Json;
using Loom.Components.Models;
using Loom.Components.Tables;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.CodeGen;

/// <summary>What generated code needs to know of a model artifact: its task, label, classes and input columns.</summary>
/// <param name="Task">binary, multiclass, regression, ranking, clustering or anomaly.</param>
/// <param name="Label">The label column.</param>
/// <param name="Inputs">The raw columns the model reads.</param>
public sealed record ModelFacts(string Task, string? Label, IReadOnlyList<string> Inputs)
{
    /// <summary>Reads the card of a model artifact.</summary>
    public static ModelFacts Read(string path)
    {
        var card = ModelFiles.Load(new MLContext(), path).Card;
        return new ModelFacts(card.Task, card.Label, card.Inputs.Select(i => i.Name).ToList());
    }

    /// <summary>
    /// Copies the ML.NET model file out of a model artifact. Custom mappings (features.date-parts) are saved
    /// as living in <paramref name="mappingAssembly"/>, the generated library that defines the same mapping.
    /// </summary>
    public static void ExtractModel(string artifact, string target, string mappingAssembly)
    {
        var ml = new MLContext();
        var package = ModelFiles.Load(ml, artifact);
        CustomMappings.SaveAsIn(package.Model, mappingAssembly);
        ml.Model.Save(package.Model, package.InputSchema, target);
    }

    /// <summary>
    /// Scores a table artifact with a model artifact as the platform does and writes one JSON object per line:
    /// the prediction as the generated API returns it, numbers round-trip.
    /// </summary>
    public static async Task WritePredictionsAsync(string modelArtifact, string tableArtifact, string target, CancellationToken cancellationToken)
    {
        var ml = new MLContext();
        var model = ModelFiles.Load(ml, modelArtifact);
        var table = ModelInputs.Conform(await ParquetTables.ReadAsync(tableArtifact, cancellationToken).ConfigureAwait(false), model.Card.Inputs, "codegen");
        var scored = model.Model.Transform(table);
        var columns = PredictionField.Of(model.Card.Task).Select(f => f.Write(scored)).ToList();
        var text = new StringBuilder();
        for (var row = 0; row < columns[0].Count; row++)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                foreach (var column in columns)
                {
                    column[row](json);
                }

                json.WriteEndObject();
            }

            text.Append(Encoding.UTF8.GetString(buffer.ToArray())).Append('\n');
        }

        await File.WriteAllTextAsync(target, text.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The first <paramref name="count"/> rows of a table artifact as JSON objects of the model's inputs, keyed by
    /// the original column names: numbers round-trip, a missing value is null.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SampleInputsAsync(string modelArtifact, string tableArtifact, int count, CancellationToken cancellationToken)
    {
        var inputs = Read(modelArtifact).Inputs;
        var table = await ParquetTables.ReadAsync(tableArtifact, cancellationToken).ConfigureAwait(false);
        var rows = new List<string>();
        for (long row = 0; row < Math.Min(count, table.Rows.Count); row++)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                foreach (var name in inputs)
                {
                    json.WritePropertyName(name);
                    switch (table.Columns[name][row])
                    {
                        case double d when double.IsFinite(d):
                            json.WriteNumberValue(d);
                            break;
                        case float f when float.IsFinite(f):
                            json.WriteNumberValue((double)f);
                            break;
                        case bool b:
                            json.WriteBooleanValue(b);
                            break;
                        case string t when t.Length > 0:
                            json.WriteStringValue(t);
                            break;
                        default:
                            json.WriteNullValue();
                            break;
                    }
                }

                json.WriteEndObject();
            }

            rows.Add(Encoding.UTF8.GetString(buffer.ToArray()));
        }

        return rows;
    }
}
