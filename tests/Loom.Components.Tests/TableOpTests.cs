using Microsoft.Data.Analysis;
using static Loom.Components.Tests.ComponentHarness;

namespace Loom.Components.Tests;

/// <summary>Table operations on real data, and the errors they give for bad input.</summary>
public sealed class TableOpTests
{
    private static readonly string Penguins = DataFile("penguins", "penguins.csv");

    private static string Load(string file = "") => $"  load: {{ component: data.read-csv@1, params: {{ path: {(file.Length == 0 ? Penguins : file)} }} }}\n";

    private static List<T> Values<T>(DataFrame table, string column) => table.Columns[column].Cast<T>().ToList();

    [Fact]
    public async Task Filter_keeps_the_rows_an_expression_holds_for()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync(Load() + "  heavy: { component: table.filter@1, inputs: { table: load.table }, params: { expression: 'island == \"Dream\" and body_mass_g > 4000' } }");
        var all = await h.TableAsync(result, "load");
        var expected = Enumerable.Range(0, (int)all.Rows.Count).Count(i => (string)all.Columns["island"][i] == "Dream" && (double)all.Columns["body_mass_g"][i]! > 4000);
        var kept = await h.TableAsync(result, "heavy");
        Assert.Equal(expected, kept.Rows.Count);
        Assert.All(Values<string>(kept, "island"), i => Assert.Equal("Dream", i));
        Assert.True(expected > 0);
    }

    [Fact]
    public async Task Derive_computes_numbers_text_and_flags_from_columns_including_odd_names()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "x.box,name,n\n2,ab,1\n3,,4\n");
        var result = await h.RunOkAsync(Load("d.csv") +
            "  ratio: { component: table.derive@1, inputs: { table: load.table }, params: { column: r, expression: '`x.box` * 2 + log(n)' } }\n" +
            "  upper: { component: table.derive@1, inputs: { table: ratio.table }, params: { column: name, expression: 'upper(name)' } }\n" +
            "  flag: { component: table.derive@1, inputs: { table: upper.table }, params: { column: big, expression: 'n >= 4' } }");
        var table = await h.TableAsync(result, "flag");
        Assert.Equal([4.0, 6 + Math.Log(4)], Values<double?>(table, "r").Select(v => v!.Value));
        Assert.Equal(["AB", ""], Values<string>(table, "name"));
        Assert.Equal([false, true], Values<bool?>(table, "big").Select(v => v!.Value));
        Assert.Equal(["x.box", "name", "n", "r", "big"], table.Columns.Select(c => c.Name));
    }

    [Theory]
    [InlineData("weight * 2", "'weight' is not a column")]
    [InlineData("body_mass_g >", "cannot evaluate 'body_mass_g >'")]
    [InlineData("\"open", "a text literal is not closed")]
    [InlineData("42", "reads no column")]
    public async Task A_bad_expression_names_the_step_the_parameter_and_the_problem(string expression, string message)
    {
        await using var h = await CreateAsync();
        var result = await h.RunAsync(Load() + $"  d: {{ component: table.derive@1, inputs: {{ table: load.table }}, params: {{ column: y, expression: '{expression}' }} }}");
        Assert.Contains("step 'd', 'expression'", result.Run.Error);
        Assert.Contains(message, result.Run.Error);
    }

    [Fact]
    public async Task A_filter_that_is_not_true_or_false_is_refused()
    {
        await using var h = await CreateAsync();
        var result = await h.RunAsync(Load() + "  f: { component: table.filter@1, inputs: { table: load.table }, params: { expression: 'body_mass_g * 2' } }");
        Assert.Contains("gives a number or text, but a filter needs true or false", result.Run.Error);
    }

    [Fact]
    public async Task Select_drop_rename_and_cast_reshape_columns()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync(Load() +
            "  select: { component: table.select@1, inputs: { table: load.table }, params: { columns: [year, species, sex] } }\n" +
            "  drop: { component: table.drop@1, inputs: { table: select.table }, params: { columns: [sex] } }\n" +
            "  rename: { component: table.rename@1, inputs: { table: drop.table }, params: { columns: ['species:kind'] } }\n" +
            "  cast: { component: table.cast@1, inputs: { table: rename.table }, params: { columns: ['year:text'] } }");
        var table = await h.TableAsync(result, "cast");
        Assert.Equal(["year", "kind"], table.Columns.Select(c => c.Name));
        Assert.IsType<StringDataFrameColumn>(table.Columns["year"]);
        Assert.Equal("2007", table.Columns["year"][0]);

        var bad = await h.RunAsync(Load() + "  cast: { component: table.cast@1, inputs: { table: load.table }, params: { columns: ['species:number'] } }");
        Assert.Contains("column 'species', row 1: 'Adelie' is not a number", bad.Run.Error);
        var missing = await h.RunAsync(Load() + "  select: { component: table.select@1, inputs: { table: load.table }, params: { columns: [beak] } }");
        Assert.Contains("step 'select', 'columns': column(s) beak not in the table", missing.Run.Error);
    }

    [Fact]
    public async Task Sort_orders_by_several_keys_with_missing_values_last()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync(Load() + "  sort: { component: table.sort@1, inputs: { table: load.table }, params: { by: [island, body_mass_g desc] } }");
        var table = await h.TableAsync(result, "sort");
        var rows = Values<string>(table, "island").Zip(Values<double?>(table, "body_mass_g"), (i, m) => (Island: i, Mass: m!.Value)).ToList();
        Assert.Equal(rows.Select(r => r.Island).Order(StringComparer.Ordinal), rows.Select(r => r.Island));
        foreach (var island in rows.GroupBy(r => r.Island))
        {
            var masses = island.Select(r => r.Mass).ToList();
            var present = masses.TakeWhile(m => !double.IsNaN(m)).ToList();
            Assert.Equal(present.OrderDescending(), present);
            Assert.All(masses.Skip(present.Count), m => Assert.True(double.IsNaN(m)));
        }
    }

    [Fact]
    public async Task Dedupe_head_sample_and_union_count_rows_right()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync(Load() +
            "  both: { component: table.union@1, inputs: { first: load.table, second: load.table } }\n" +
            "  dedupe: { component: table.dedupe@1, inputs: { table: both.table } }\n" +
            "  islands: { component: table.dedupe@1, inputs: { table: load.table }, params: { columns: [island] } }\n" +
            "  head: { component: data.head@1, inputs: { table: load.table }, params: { n: 5 } }\n" +
            "  sample: { component: data.sample@1, inputs: { table: load.table }, params: { n: 50, seed: 7 } }\n" +
            "  part: { component: data.sample@1, inputs: { table: load.table }, params: { fraction: 0.5, seed: 7 } }");
        Assert.Equal(688, (await h.TableAsync(result, "both")).Rows.Count);
        Assert.Equal(344, (await h.TableAsync(result, "dedupe")).Rows.Count);
        Assert.Equal(["Torgersen", "Biscoe", "Dream"], Values<string>(await h.TableAsync(result, "islands"), "island"));
        Assert.Equal(5, (await h.TableAsync(result, "head")).Rows.Count);
        var sample = Values<double?>(await h.TableAsync(result, "sample"), "body_mass_g");
        Assert.Equal(50, sample.Count);
        Assert.InRange((await h.TableAsync(result, "part")).Rows.Count, 140, 204);
    }

    [Fact]
    public async Task Resample_makes_more_rows_like_the_table_or_a_sample_of_it_the_same_for_a_seed()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync(Load() +
            "  more: { component: data.resample@1, inputs: { table: load.table }, params: { factor: 200, jitter: 0.05, seed: 3 } }\n" +
            "  again: { component: data.resample@1, inputs: { table: load.table }, params: { factor: 200, jitter: 0.05, seed: 3 } }\n" +
            "  copies: { component: data.resample@1, inputs: { table: load.table }, params: { factor: 2, jitter: 0, seed: 3 } }\n" +
            "  fewer: { component: data.resample@1, inputs: { table: load.table }, params: { factor: 0.25, seed: 3 } }");
        var original = await h.TableAsync(result, "load");
        var more = await h.TableAsync(result, "more");
        Assert.Equal(344 * 200, more.Rows.Count);
        Assert.Equal(original.Columns.Select(c => (c.Name, c.DataType)), more.Columns.Select(c => (c.Name, c.DataType)));
        Assert.Equal(Path.GetFileName(await h.PathOfAsync(result, "more", "table")), Path.GetFileName(await h.PathOfAsync(result, "again", "table")));

        // Numbers move a little within their column's range and stay whole where they were; missing stays missing; text is copied.
        var masses = Values<double>(original, "body_mass_g").Where(double.IsFinite).ToList();
        var moved = Values<double>(more, "body_mass_g");
        Assert.All(moved.Where(double.IsFinite), m => Assert.InRange(m, masses.Min(), masses.Max()));
        Assert.All(moved.Where(double.IsFinite), m => Assert.Equal(Math.Floor(m), m));
        Assert.True(moved.Where(double.IsFinite).Distinct().Count() > masses.Distinct().Count(), "jitter makes values the data did not have");
        Assert.InRange(moved.Count(double.IsNaN) / (double)moved.Count, 0.002, 0.012); // 2 of 344 are missing
        Assert.InRange(moved.Where(double.IsFinite).Average(), masses.Average() - 20, masses.Average() + 20);
        Assert.Equal(Values<string>(original, "island").Distinct().Order(), Values<string>(more, "island").Distinct().Order());

        var copies = await h.TableAsync(result, "copies");
        Assert.Equal(688, copies.Rows.Count);
        Assert.All(Values<double>(copies, "bill_length_mm").Where(double.IsFinite), v => Assert.Contains(v, Values<double>(original, "bill_length_mm")));

        var fewer = await h.TableAsync(result, "fewer");
        Assert.Equal(86, fewer.Rows.Count);
        var rows = Enumerable.Range(0, (int)original.Rows.Count).Select(i => $"{original.Columns["island"][i]} {original.Columns["bill_length_mm"][i]} {original.Columns["body_mass_g"][i]}").ToList();
        var at = -1;
        for (var i = 0; i < 86; i++)
        {
            // Each kept row is a row of the table, found after the one before it: the rows keep their order.
            at = rows.IndexOf($"{fewer.Columns["island"][i]} {fewer.Columns["bill_length_mm"][i]} {fewer.Columns["body_mass_g"][i]}", at + 1);
            Assert.True(at >= 0, $"row {i} of the sample is not a row of the table after row {i - 1}'s");
        }
    }

    [Fact]
    public void Resample_jitters_float_and_integer_columns_too_integers_staying_whole_and_in_range()
    {
        var table = new Microsoft.Data.Analysis.DataFrame(
            new Microsoft.Data.Analysis.SingleDataFrameColumn("score", Enumerable.Range(0, 100).Select(i => i / 100f)),
            new Microsoft.Data.Analysis.Int32DataFrameColumn("count", Enumerable.Range(0, 100)),
            new Microsoft.Data.Analysis.Int64DataFrameColumn("id", Enumerable.Range(0, 100).Select(i => (long)i)));
        var spreads = Loom.Components.Data.Resample.Spread.Of(table, jitter: 0.1, kept: new HashSet<string> { "id" });
        Assert.Equal(["count", "score"], spreads.Select(s => s.Column).Order());

        var random = new Random(1);
        var copy = table.Clone();
        foreach (var spread in spreads)
        {
            spread.Apply(copy.Columns[spread.Column], random);
        }

        var scores = copy.Columns["score"].Cast<float?>().Select(v => v!.Value).ToList();
        var counts = copy.Columns["count"].Cast<int?>().Select(v => v!.Value).ToList();
        Assert.All(scores, v => Assert.InRange(v, 0f, 0.99f));
        Assert.All(counts, v => Assert.InRange(v, 0, 99));
        Assert.True(scores.Zip(Enumerable.Range(0, 100)).Count(p => p.First != p.Second / 100f) > 90, "floats are moved");
        Assert.True(counts.Zip(Enumerable.Range(0, 100)).Count(p => p.First != p.Second) > 50, "integers are moved by whole steps");
        Assert.Equal(table.Columns["id"].Cast<long?>(), copy.Columns["id"].Cast<long?>());
    }

    [Fact]
    public async Task Join_matches_keys_inner_and_left()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("islands.csv", "island,area_km2,species\nBiscoe,10,x\nDream,5,y\n");
        var result = await h.RunOkAsync(Load() +
            "  islands: { component: data.read-csv@1, params: { path: islands.csv } }\n" +
            "  inner: { component: table.join@1, inputs: { left: load.table, right: islands.table }, params: { on: [island] } }\n" +
            "  left: { component: table.join@1, inputs: { left: load.table, right: islands.table }, params: { on: [island], how: left } }");
        var all = await h.TableAsync(result, "load");
        var inner = await h.TableAsync(result, "inner");
        Assert.Equal(Values<string>(all, "island").Count(i => i != "Torgersen"), inner.Rows.Count);
        Assert.Contains("species_right", inner.Columns.Select(c => c.Name));
        var left = await h.TableAsync(result, "left");
        Assert.Equal(all.Rows.Count, left.Rows.Count);
        var areas = Values<string>(left, "island").Zip(Values<double?>(left, "area_km2")).ToList();
        Assert.All(areas, p => Assert.Equal(p.First switch { "Biscoe" => 10.0, "Dream" => 5.0, _ => double.NaN }, p.Second!.Value));
    }

    [Fact]
    public async Task Union_of_tables_with_different_columns_is_refused()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("other.csv", "a,b\n1,2\n");
        var result = await h.RunAsync(Load() + "  other: { component: data.read-csv@1, params: { path: other.csv } }\n  u: { component: table.union@1, inputs: { first: load.table, second: other.table } }");
        Assert.Contains("the tables have different columns", result.Run.Error);
    }
}
