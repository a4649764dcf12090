using System.Text;
using Loom.Components.Tables;
using Loom.Sdk.Tables;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using static Loom.Components.Tests.ComponentHarness;

namespace Loom.Components.Tests;

/// <summary>Tables larger than one batch (row group) are read, written, profiled and scored batch by batch, with the same result as whole.</summary>
public sealed class StreamingTableTests
{
    private const int Rows = (2 * ParquetTables.BatchRows) + 1234;

    private static string BigCsv(int textAtRow)
    {
        var text = new StringBuilder("id,x,group,code,y\n");
        for (var i = 0; i < Rows; i++)
        {
            // 'code' looks numeric until one row far into the file, in a later batch.
            var code = i == textAtRow ? "A17" : (i % 100).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var x = i % 97 == 0 ? "" : (i % 1000 / 10.0).ToString(System.Globalization.CultureInfo.InvariantCulture);
            text.Append(i).Append(',').Append(x).Append(',').Append(i % 3 == 0 ? "red" : "blue").Append(',').Append(code).Append(',').Append(i % 1000 >= 500 ? "yes" : "no").Append('\n');
        }

        return text.ToString();
    }

    [Fact]
    public async Task Read_csv_infers_types_from_every_row_and_writes_several_batches_in_order()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("big.csv", BigCsv(textAtRow: Rows - 5));
        var result = await h.RunOkAsync("  load: { component: data.read-csv@1, params: { path: big.csv } }");

        var path = await h.PathOfAsync(result, "load", "table");
        await using var reader = await TableReader.OpenAsync(path, CancellationToken.None);
        Assert.Equal(3, reader.BatchCount);
        Assert.Equal(Rows, reader.RowCount);

        var table = await reader.ReadAllAsync(CancellationToken.None);
        Assert.IsType<StringDataFrameColumn>(table.Columns["code"]);
        Assert.Equal("A17", table.Columns["code"][Rows - 5]);
        Assert.Equal(((Rows - 2) % 100).ToString(System.Globalization.CultureInfo.InvariantCulture), table.Columns["code"][Rows - 2]);
        Assert.Equal((double)(Rows - 1), table.Columns["id"][Rows - 1]);
        Assert.True(double.IsNaN((double)table.Columns["x"][97L * 1000]!));
    }

    [Fact]
    public async Task A_bad_value_in_a_later_batch_names_its_row()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("big.csv", BigCsv(textAtRow: Rows - 5));
        var result = await h.RunAsync("  load: { component: data.read-csv@1, params: { path: big.csv, column_types: ['code:number'] } }");
        Assert.Contains($"column 'code', data row {Rows - 4}: 'A17' is not a finite number", result.Steps.Single().Error);
    }

    [Fact]
    public async Task The_data_view_streams_every_row_of_every_batch_in_order()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("big.csv", BigCsv(textAtRow: -1));
        var path = await h.PathOfAsync(await h.RunOkAsync("  load: { component: data.read-csv@1, params: { path: big.csv } }"), "load", "table");

        var view = await TableDataView.OpenAsync(path, CancellationToken.None);
        Assert.Equal(Rows, view.GetRowCount());
        var ids = view.GetColumn<double>("id").ToList();
        Assert.Equal(Enumerable.Range(0, Rows).Select(i => (double)i), ids);
        Assert.Equal(Rows, view.GetColumn<ReadOnlyMemory<char>>("group").Count(g => g.Length > 0));

        var mean = new MLContext(1).Transforms.ReplaceMissingValues("x").Fit(view).Transform(view).GetColumn<double>("x").Average();
        Assert.InRange(mean, 49.0, 51.0);
    }

    [Fact]
    public async Task Features_train_score_and_write_csv_keep_every_row_of_a_multi_batch_table()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("big.csv", BigCsv(textAtRow: -1));
        var result = await h.RunOkAsync(
            "  load: { component: data.read-csv@1, params: { path: big.csv } }\n" +
            "  features: { component: features.auto@1, inputs: { table: load.table }, params: { label: y, exclude: [id] } }\n" +
            "  train: { component: train.lightgbm-binary@1, inputs: { table: load.table, transform: features.transform }, params: { label: y, iterations: 20 } }\n" +
            "  score: { component: score@1, inputs: { model: train.model, table: load.table } }\n" +
            "  write: { component: data.write-csv@1, inputs: { table: score.table } }");

        var scored = await h.TableAsync(result, "score");
        Assert.Equal(Rows, scored.Rows.Count);
        var agree = Enumerable.Range(0, Rows).Count(i => (string)scored.Columns["Prediction"][i] == (string)scored.Columns["y"][i]);
        Assert.True(agree > 0.99 * Rows, $"{agree} of {Rows} predictions agree with y, which x decides");

        var lines = await File.ReadAllLinesAsync(await h.PathOfAsync(result, "write", "file"));
        Assert.Equal(Rows + 1, lines.Length);
        Assert.StartsWith($"{Rows - 1},", lines[^1]);
    }

    [Fact]
    public async Task An_empty_table_keeps_its_columns_through_a_stream()
    {
        using var folder = new Loom.Testing.TempFolder();
        var path = Path.Combine(folder.Path, "empty.parquet");
        await using (var file = File.Create(path))
        {
            await ParquetTables.WriteAsync(new DataFrame(new DoubleDataFrameColumn("a"), new StringDataFrameColumn("b", 0)), file, null, CancellationToken.None);
        }

        await using var reader = await TableReader.OpenAsync(path, CancellationToken.None);
        var batches = await reader.ReadBatchesAsync(CancellationToken.None).ToListAsync();
        Assert.Equal(["a", "b"], batches.Single().Columns.Select(c => c.Name));
        Assert.Equal(0, batches.Single().Rows.Count);
    }

    [Fact]
    public async Task A_table_larger_than_a_batch_reads_back_value_for_value_with_and_without_nulls()
    {
        using var folder = new Loom.Testing.TempFolder();
        var path = Path.Combine(folder.Path, "big.parquet");
        const int Rows = (ParquetTables.BatchRows * 2) + 123;
        var numbers = new DoubleDataFrameColumn("x", Enumerable.Range(0, Rows).Select(i => i * 0.5));
        var counts = new Int64DataFrameColumn("n", Enumerable.Range(0, Rows).Select(i => (long)i * 3));
        var withNulls = new DoubleDataFrameColumn("holes", Enumerable.Range(0, Rows).Select(i => i % 7 == 0 ? (double?)null : i));
        await using (var file = File.Create(path))
        {
            await ParquetTables.WriteAsync(new DataFrame(numbers, counts, withNulls), file, null, CancellationToken.None);
        }

        var back = await ParquetTables.ReadAsync(path, CancellationToken.None);
        Assert.Equal(Rows, back.Rows.Count);
        Assert.Equal(numbers.Cast<double?>(), back.Columns["x"].Cast<double?>());
        Assert.Equal(counts.Cast<long?>(), back.Columns["n"].Cast<long?>());
        Assert.Equal(Enumerable.Range(0, Rows).Select(i => i % 7 == 0 ? double.NaN : i), back.Columns["holes"].Cast<double?>().Select(v => v!.Value));
    }

    [Fact]
    public async Task Score_names_the_row_of_a_bad_value_counted_over_the_whole_table_not_the_batch()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("big.csv", BigCsv(textAtRow: -1));
        var lines = BigCsv(textAtRow: -1).Split('\n');
        var bad = (ParquetTables.BatchRows * 2) + 10;
        var cells = lines[bad + 1].Split(',');
        cells[1] = "lots";
        lines[bad + 1] = string.Join(",", cells);
        h.Folder.Write("bad.csv", string.Join("\n", lines));
        var result = await h.RunAsync(
            "  load: { component: data.read-csv@1, params: { path: big.csv } }\n" +
            "  other: { component: data.read-csv@1, params: { path: bad.csv } }\n" +
            "  train: { component: train.lightgbm-binary@1, inputs: { table: load.table }, params: { label: y, exclude: [id], iterations: 5 } }\n" +
            "  score: { component: score@1, inputs: { model: train.model, table: other.table } }");
        Assert.Contains($"column 'x', row {bad + 1}: 'lots' is not a number", result.Run.Error);
    }
}
