using System.Security.Cryptography;
using Loom.Sdk.Models;
using Loom.Sdk.Testing;
using Loom.Testing;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Sdk.Tests;

/// <summary>Model artifacts as trainers write them: one model, one byte string, and it reads back whole.</summary>
public sealed class ModelPackageTests
{
    private const int Writes = 10;

    [Fact]
    public async Task A_model_whose_transforms_save_binary_data_gives_the_same_bytes_each_time_and_reads_back()
    {
        // A value mapping saves its table as ML.NET binary data, whose blocks several threads write in the order they finish.
        var ml = new MLContext(42);
        var codes = new[] { 7, 39_999 };
        var rows = new DataFrame(new Int32DataFrameColumn("code", codes));
        var mapping = ml.Transforms.Conversion.MapValue("name", codes.Select(c => KeyValuePair.Create(c, $"code-{c:D5}")), "code").Fit(rows);
        var card = new ModelCard { Task = "transform", Inputs = [new ModelColumn("code", "number")], Producer = "tests" };
        using var folder = new TempFolder();

        var hashes = new HashSet<string>();
        var written = "";
        for (var i = 0; i < Writes; i++)
        {
            var context = new FolderContext(folder.Combine($"write-{i}"));
            await new ModelPackage(mapping, ((IDataView)rows).Schema, card).WriteAsync(ml, context, "model");
            written = context.Outputs["model"];
            hashes.Add(Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(written))));
        }

        Assert.Single(hashes);
        var read = ModelPackage.Load(new MLContext(1), written);
        var names = read.Model.Transform(new DataFrame(new Int32DataFrameColumn("code", [7, 39_999]))).GetColumn<ReadOnlyMemory<char>>("name").Select(n => n.ToString());
        Assert.Equal(["code-00007", "code-39999"], names);
        Assert.Equal(card.Producer, read.Card.Producer);
    }

    [Fact]
    public void Binary_data_saved_with_its_blocks_in_any_order_comes_out_as_one_byte_string_with_the_same_rows()
    {
        // Twenty columns in several blocks each: ML.NET writes the blocks in a different order almost every time.
        var ml = new MLContext(42);
        var rows = new DataFrame(Enumerable.Range(0, 20).Select(c => (DataFrameColumn)new DoubleDataFrameColumn($"c{c}", Enumerable.Range(0, 100_000).Select(i => (double)(i * (c + 1) % 977)))));
        var saved = Enumerable.Range(0, 3).Select(_ =>
        {
            using var stream = new MemoryStream();
            ml.Data.SaveAsBinary(rows, stream);
            return stream.ToArray();
        }).ToList();

        var canonical = saved.Select(IdvBlockOrder.Canonical).ToList();

        Assert.Single(canonical.Select(Convert.ToHexString).Distinct());
        var path = Path.Combine(Path.GetTempPath(), $"loom-idv-{Guid.NewGuid():N}.idv");
        try
        {
            File.WriteAllBytes(path, canonical[0]);
            var read = ml.Data.LoadFromBinary(path);
            Assert.Equal(rows.Columns["c19"].Cast<double>(), read.GetColumn<double>("c19"));
            Assert.Equal(rows.Columns["c3"].Cast<double>(), read.GetColumn<double>("c3"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Bytes_that_are_not_binary_data_are_left_as_they_are()
    {
        var text = "Loom"u8.ToArray();
        var truncated = new byte[300];
        BitConverter.GetBytes(0x00425644004C4D43UL).CopyTo(truncated, 0);

        Assert.Same(text, IdvBlockOrder.Canonical(text));
        Assert.Same(truncated, IdvBlockOrder.Canonical(truncated));
    }
}
