using System.IO.Compression;
using System.Text.Json;
using Loom.Sdk;
using Microsoft.ML;

namespace Loom.Sdk.Models;

/// <summary>
/// A model artifact: a zip holding the ML.NET model (<c>model.mlnet</c>: the whole chain from raw columns
/// to prediction, with its input schema) and the <see cref="ModelCard"/> (<c>loom-model.json</c>). Built-in
/// trainers and custom ones write models this way, so evaluation, scoring, export and serving read them alike.
/// </summary>
/// <param name="Model">The whole chain, from the raw input columns to the prediction columns.</param>
/// <param name="InputSchema">The schema of the rows the chain was fitted on.</param>
/// <param name="Card">What Loom needs to know beside the model.</param>
public sealed record ModelPackage(ITransformer Model, DataViewSchema InputSchema, ModelCard Card)
{
    private const string ModelEntry = "model.mlnet";
    private const string CardEntry = "loom-model.json";

    /// <summary>Reads a model artifact. Assemblies of custom mappings the model uses must be registered with <paramref name="ml"/> first.</summary>
    /// <exception cref="DataException">The file is not a Loom model.</exception>
    public static ModelPackage Load(MLContext ml, string path)
    {
        ArgumentNullException.ThrowIfNull(ml);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var cardEntry = zip.GetEntry(CardEntry) ?? throw new DataException($"{path}: not a Loom model (no {CardEntry})");
            ModelCard card;
            using (var cardStream = cardEntry.Open())
            {
                card = JsonSerializer.Deserialize<ModelCard>(cardStream, LoomJson.Options) ?? throw new DataException($"{path}: empty {CardEntry}");
            }

            using var modelStream = new MemoryStream();
            using (var entry = (zip.GetEntry(ModelEntry) ?? throw new DataException($"{path}: not a Loom model (no {ModelEntry})")).Open())
            {
                entry.CopyTo(modelStream);
            }

            modelStream.Position = 0;
            var model = ml.Model.Load(modelStream, out var schema);
            return new ModelPackage(model, schema, card);
        }
        catch (InvalidDataException e)
        {
            throw new DataException($"{path}: not a Loom model: {e.Message}");
        }
    }

    /// <summary>Writes the model to an output port of a step; the same model gives the same bytes.</summary>
    public Task WriteAsync(MLContext ml, IComponentContext context, string port) =>
        context.WriteOutputAsync(port, (stream, _) =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            using (var model = Entry(zip, ModelEntry))
            {
                Stable(ml, model);
            }

            using (var card = Entry(zip, CardEntry))
            {
                JsonSerializer.Serialize(card, Card, LoomJson.Options);
            }

            return Task.CompletedTask;
        });

    /// <summary>
    /// ML.NET's model, saved as ML.NET saves it (a zip whose entries carry the time of saving) and then written
    /// again with a fixed time on each entry and the blocks of any binary data file in one order
    /// (<see cref="IdvBlockOrder"/>), so one model always gives the same bytes.
    /// </summary>
    private void Stable(MLContext ml, Stream target)
    {
        using var saved = new MemoryStream();
        ml.Model.Save(Model, InputSchema, saved);
        saved.Position = 0;
        using var source = new ZipArchive(saved, ZipArchiveMode.Read);
        using var stable = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var entry in source.Entries)
        {
            using var content = new MemoryStream();
            using (var from = entry.Open())
            {
                from.CopyTo(content);
            }

            using var to = Entry(stable, entry.FullName);
            to.Write(IdvBlockOrder.Canonical(content.ToArray()));
        }
    }

    private static Stream Entry(ZipArchive zip, string name)
    {
        // A fixed timestamp keeps the bytes, and so the artifact hash, the same for the same model.
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return entry.Open();
    }
}
