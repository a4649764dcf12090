using Loom.Sdk.Tables;
using Loom.Sdk.Testing;
using Loom.Testing;
using Microsoft.Data.Analysis;

namespace Loom.Sdk.Tests;

/// <summary>A component's tables through its context, as custom components read and write them.</summary>
public sealed class ContextTablesTests
{
    [Fact]
    public async Task A_table_written_with_roles_reads_back_with_its_values_and_roles()
    {
        using var folder = new TempFolder();
        var context = new FolderContext(folder.Path);
        var table = new DataFrame(
            new DoubleDataFrameColumn("amount", [12.5, double.NaN, 3]),
            new StringDataFrameColumn("region", ["north", "", "south"]),
            new BooleanDataFrameColumn("churned", [true, false, true]));

        await context.WriteTableAsync("table", table, new ColumnRoles { Label = "churned", Ids = ["region"] });
        var reading = new FolderContext(folder.Combine("next")).WithInput("table", context.Outputs["table"], ArtifactKind.Table);
        var read = await reading.ReadTableAsync("table");
        var roles = await reading.TableRolesAsync("table");

        Assert.Equal(["amount", "region", "churned"], read.Columns.Select(c => c.Name));
        Assert.Equal(12.5, read.Columns["amount"][0]);
        Assert.True(double.IsNaN((double)read.Columns["amount"][1]!));
        Assert.Equal(["north", "", "south"], read.Columns["region"].Cast<string>());
        Assert.Equal("churned", roles.Label);
        Assert.Equal(["region"], roles.Ids);
        Assert.Equal(ColumnRoles.None, await reading.TableRolesAsync("unbound"));
    }

    [Fact]
    public async Task A_table_larger_than_a_batch_is_mapped_batch_by_batch_keeping_its_rows_in_order_and_its_roles()
    {
        using var folder = new TempFolder();
        var rows = ParquetTables.BatchRows + 1_000;
        var context = await new FolderContext(folder.Path).WithTableAsync(
            "table",
            new DataFrame(new DoubleDataFrameColumn("x", Enumerable.Range(0, rows).Select(i => (double)i)), new StringDataFrameColumn("label", Enumerable.Range(0, rows).Select(i => i % 2 == 0 ? "even" : "odd"))),
            new ColumnRoles { Label = "label" });
        var batches = new List<long>();

        var written = await context.MapTableAsync("table", "doubled", batch =>
        {
            batches.Add(batch.Rows.Count);
            var doubled = batch.Clone();
            doubled.Columns["x"] = (DoubleDataFrameColumn)batch.Columns["x"] * 2;
            return doubled;
        });

        Assert.Equal(rows, written);
        Assert.Equal([ParquetTables.BatchRows, 1_000], batches);
        var output = await context.OutputTableAsync("doubled");
        Assert.Equal(2.0 * (rows - 1), output.Columns["x"][rows - 1]);
        await using var reader = await TableReader.OpenAsync(context.Outputs["doubled"], CancellationToken.None);
        Assert.Equal("label", reader.Roles.Label);
        Assert.Equal(2, reader.BatchCount);
    }
}
