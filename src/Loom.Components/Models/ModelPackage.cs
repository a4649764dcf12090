using System.IO.Compression;
using System.Text.Json;
using Loom.Sdk;
using Microsoft.ML;

namespace Loom.Components.Models;

/// <summary>
/// A model artifact: a zip holding the ML.NET model (<c>model.mlnet</c>: the whole chain from raw columns
/// to prediction, with its input schema) and the <see cref="ModelCard"/> (<c>loom-model.json</c>).
/// </summary>
internal sealed record ModelPackage(ITransformer Model, DataViewSchema InputSchema, ModelCard Card)
{
    private const string ModelEntry = "model.mlnet";
    private const string CardEntry = "loom-model.json";
    public static ModelPackage Load(MLContext ml, string path)
    {
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

            // Custom mappings of Loom's own (date parts) load only from a registered assembly.
            ml.ComponentCatalog.RegisterAssembly(typeof(ModelPackage).Assembly);
            var model = ml.Model.Load(modelStream, out var schema);
            return new ModelPackage(model, schema, card);
        }
        catch (InvalidDataException e)
        {
            throw new DataException($"{path}: not a Loom model: {e.Message}");
        }
    }

    public Task WriteAsync(MLContext ml, IComponentContext context, string port) =>
        context.WriteOutputAsync(port, (stream, _) =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            using (var model = Entry(zip, ModelEntry))
            {
                ml.Model.Save(Model, InputSchema, model);
            }

            using (var card = Entry(zip, CardEntry))
            {
                JsonSerializer.Serialize(card, Card, LoomJson.Options);
            }

            return Task.CompletedTask;
        });

    private static Stream Entry(ZipArchive zip, string name)
    {
        // A fixed timestamp keeps the bytes, and so the artifact hash, the same for the same model.
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return entry.Open();
    }
}
