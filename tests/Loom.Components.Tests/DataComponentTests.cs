using Loom.Metadata.Records;
using Microsoft.Data.Analysis;
using static Loom.Components.Tests.ComponentHarness;

namespace Loom.Components.Tests;

public sealed class DataComponentTests
{
    private static string Read(string file, string extra = "") =>
        $"  load: {{ component: data.read-csv@1, params: {{ path: {file}{extra} }} }}";

    [Fact]
    public async Task Read_csv_infers_types_reads_quotes_and_missing_tokens()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "id,price,flag,name,notes\n1,1.5,true,\"Smith, J\",\"said \"\"hi\"\"\nthen left\"\n2,NA,false,Doe,\n3,,TRUE,?,x\n");
        var table = await h.TableAsync(await h.RunOkAsync(Read("d.csv")), "load");

        Assert.IsType<DoubleDataFrameColumn>(table.Columns["price"]);
        Assert.IsType<BooleanDataFrameColumn>(table.Columns["flag"]);
        Assert.IsType<StringDataFrameColumn>(table.Columns["name"]);
        Assert.Equal(1.5, table.Columns["price"][0]);
        Assert.True(double.IsNaN((double)table.Columns["price"][1]!));
        Assert.True(double.IsNaN((double)table.Columns["price"][2]!));
        Assert.Equal("Smith, J", table.Columns["name"][0]);
        Assert.Equal("said \"hi\"\nthen left", table.Columns["notes"][0]);
        Assert.Equal("", table.Columns["name"][2]);
    }

    [Fact]
    public async Task Large_integers_such_as_ids_survive_reading_scoring_and_writing_exactly()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "customer_id,x,y\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{1234567891 + i},{i},{(i % 2 == 0 ? "a" : "b")}")) + "\n");
        var result = await h.RunOkAsync(
            Read("d.csv") + "\n" +
            "  train: { component: train.lightgbm-binary@1, inputs: { table: load.table }, params: { label: y, exclude: [customer_id], iterations: 5, min_data_in_leaf: 1 } }\n" +
            "  score: { component: score@1, inputs: { model: train.model, table: load.table } }\n" +
            "  write: { component: data.write-csv@1, inputs: { table: score.table } }");

        var written = await File.ReadAllLinesAsync(await h.PathOfAsync(result, "write", "file"));
        Assert.StartsWith("1234567891,0,a,", written[1]);
        Assert.StartsWith("1234567930,39,b,", written[^1]);
    }

    [Fact]
    public async Task Read_csv_refuses_infinite_numbers_and_reads_nan_as_missing()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "a\n1\n1e400\n");
        var result = await h.RunAsync(Read("d.csv"));
        Assert.Contains("column 'a', data row 2: '1e400' is infinite; numbers must be finite", result.Steps.Single().Error);

        h.Folder.Write("n.csv", "a\n1.5\nnan\n2.5\n");
        var table = await h.TableAsync(await h.RunOkAsync(Read("n.csv")), "load");
        Assert.IsType<DoubleDataFrameColumn>(table.Columns["a"]);
        Assert.True(double.IsNaN((double)table.Columns["a"][1]!));
    }

    [Fact]
    public async Task Read_csv_applies_type_overrides_and_other_delimiters()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.tsv", "zip\tcity\n01234\tA\n99999\tB\n");
        var table = await h.TableAsync(await h.RunOkAsync(Read("d.tsv", ", delimiter: tab, column_types: ['zip:text']")), "load");
        Assert.Equal("01234", table.Columns["zip"][0]);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("a,b\n", "the file has a header but no data rows")]
    [InlineData("a,b\n1,2\n3,4,5\n", "d.csv:3: row has 3 field(s) but the header has 2")]
    [InlineData("a,a\n1,2\n", "column 'a' appears twice in the header")]
    [InlineData("a,b\n1,2\nx,3\n", "")]
    public async Task Read_csv_refuses_bad_files_with_the_place_at_fault(string content, string expected)
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", content);
        var result = await h.RunAsync(Read("d.csv"));
        if (expected.Length == 0)
        {
            Assert.Equal(RunStatus.Succeeded, result.Run.Status); // a column mixing numbers and text is read as text
            return;
        }

        Assert.Equal(RunStatus.Failed, result.Run.Status);
        Assert.Contains(expected, result.Steps.Single().Error);
    }

    [Fact]
    public async Task Read_csv_refuses_a_type_override_that_does_not_fit()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "a,b\n1,x\n");
        var result = await h.RunAsync(Read("d.csv", ", column_types: ['b:number']"));
        Assert.Contains("column 'b', data row 1: 'x' is not a finite number", result.Steps.Single().Error);
    }

    [Fact]
    public async Task Split_keeps_class_shares_is_seeded_and_loses_no_rows()
    {
        await using var h = await CreateAsync();
        var steps = Read(DataFile("telco-churn", "telco_churn.csv")) + "\n" +
            "  s1: { component: data.split@1, inputs: { table: load.table }, params: { stratify: churn, seed: 7 } }\n" +
            "  s2: { component: data.split@1, inputs: { table: load.table }, params: { stratify: churn, seed: 8 } }";
        var result = await h.RunOkAsync(steps);
        var train = await h.TableAsync(result, "s1", "train");
        var test = await h.TableAsync(result, "s1", "test");

        Assert.Equal(7043, train.Rows.Count + test.Rows.Count);
        double Share(DataFrame t) => t.Columns["churn"].Cast<string>().Count(v => v == "Yes") / (double)t.Rows.Count;
        Assert.Equal(Share(train), Share(test), 2);
        var again = await h.RunAsync(steps);
        Assert.True(again.Steps.Single(s => s.Name == "s1").CacheHit);
        Assert.NotEqual(
            (await h.PathOfAsync(result, "s1", "test")).Split('/').Last(),
            (await h.PathOfAsync(result, "s2", "test")).Split('/').Last());
    }

    [Fact]
    public async Task Tables_are_byte_for_byte_reproducible_so_downstream_caches_survive_a_recompute()
    {
        await using var h = await CreateAsync();
        var steps = Read(DataFile("penguins", "penguins.csv")) + "\n  split: { component: data.split@1, inputs: { table: load.table } }";
        var first = await h.RunOkAsync(steps);
        var second = await h.RunAsync(steps, useCache: false);

        Assert.All(second.Steps, s => Assert.False(s.CacheHit));
        var a = await h.Workspace.Store.GetLineageAsync(first.Run.Id);
        var b = await h.Workspace.Store.GetLineageAsync(second.Run.Id);
        Assert.Equal(a.Where(l => l.IsOutput).Select(l => l.Sha256), b.Where(l => l.IsOutput).Select(l => l.Sha256));
    }

    [Fact]
    public async Task Write_csv_round_trips_values_quotes_and_missing_values()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "n,t,b\n1.25,\"a,b\",true\n,\"q\"\"x\",false\n");
        var result = await h.RunOkAsync(Read("d.csv") + "\n  write: { component: data.write-csv@1, inputs: { table: load.table } }");
        var written = await File.ReadAllTextAsync(await h.PathOfAsync(result, "write", "file"));
        Assert.Equal("n,t,b\n1.25,\"a,b\",true\n,\"q\"\"x\",false\n", written);
    }
}
