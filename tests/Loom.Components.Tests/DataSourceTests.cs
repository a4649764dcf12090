using Microsoft.Data.Analysis;
using Microsoft.Data.Sqlite;
using static Loom.Components.Tests.ComponentHarness;

namespace Loom.Components.Tests;

/// <summary>Reading tables from a real SQLite database file.</summary>
public sealed class DataSourceTests
{
    [Fact]
    public async Task Read_sql_streams_a_query_and_always_runs_again()
    {
        await using var h = await CreateAsync();
        var database = Path.Combine(h.Folder.Path, "shop.db");
        await using (var connection = new SqliteConnection($"Data Source={database}"))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE orders (id INTEGER, amount REAL, customer TEXT); INSERT INTO orders VALUES (1, 9.5, 'ann'), (2, NULL, 'bob'), (3, 20, NULL);";
            await create.ExecuteNonQueryAsync();
        }

        var variable = "LOOM_TEST_SQL_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, $"Data Source={database};Pooling=False");
        var steps = $"  q: {{ component: data.read-sql@1, params: {{ connection_env: {variable}, query: 'SELECT id, amount, customer FROM orders ORDER BY id' }} }}";
        var first = await h.RunOkAsync(steps);
        var table = await h.TableAsync(first, "q");
        Assert.Equal([1.0, 2.0, 3.0], table.Columns["id"].Cast<double?>().Select(v => v!.Value));
        Assert.True(double.IsNaN((double)table.Columns["amount"][1]!));
        Assert.Equal(["ann", "bob", ""], table.Columns["customer"].Cast<string>());

        var second = await h.RunOkAsync(steps);
        Assert.False(second.Steps.Single().CacheHit);
    }

    [Fact]
    public async Task Read_sql_says_which_variable_is_unset_and_passes_on_the_database_error()
    {
        await using var h = await CreateAsync();
        var unset = await h.RunAsync("  q: { component: data.read-sql@1, params: { connection_env: LOOM_TEST_NOT_SET_ANYWHERE, query: 'SELECT 1' } }");
        Assert.Contains("the environment variable 'LOOM_TEST_NOT_SET_ANYWHERE' is not set", unset.Run.Error);

        var variable = "LOOM_TEST_SQL_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, $"Data Source={Path.Combine(h.Folder.Path, "empty.db")};Pooling=False");
        var bad = await h.RunAsync($"  q: {{ component: data.read-sql@1, params: {{ connection_env: {variable}, query: 'SELECT * FROM nowhere' }} }}");
        Assert.Contains("step 'q': sqlite: SQLite Error 1: 'no such table: nowhere'", bad.Run.Error);
    }

    [Fact]
    public async Task Read_sql_reads_from_a_real_postgresql_server()
    {
        using var server = Loom.Testing.PostgresServer.Start();
        await using (var connection = new Npgsql.NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE visits (day DATE, pages INTEGER, bounced BOOLEAN, source TEXT); INSERT INTO visits VALUES ('2026-01-02', 3, false, 'ads'), ('2026-01-03', NULL, true, NULL);";
            await create.ExecuteNonQueryAsync();
        }

        await using var h = await CreateAsync();
        var variable = "LOOM_TEST_PG_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, server.ConnectionString);
        var result = await h.RunOkAsync($"  q: {{ component: data.read-sql@1, params: {{ provider: postgresql, connection_env: {variable}, query: 'SELECT day, pages, bounced, source FROM visits ORDER BY day' }} }}");
        var table = await h.TableAsync(result, "q");
        Assert.Equal(["2026-01-02", "2026-01-03"], table.Columns["day"].Cast<string>());
        Assert.Equal(3.0, table.Columns["pages"][0]);
        Assert.True(double.IsNaN((double)table.Columns["pages"][1]!));
        Assert.Equal([false, true], table.Columns["bounced"].Cast<bool?>().Select(b => b!.Value));
        Assert.Equal(["ads", ""], table.Columns["source"].Cast<string>());
    }

    [Fact]
    public async Task Parquet_and_json_lines_round_trip_the_telco_table()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync(
            $"  load: {{ component: data.read-csv@1, params: {{ path: {DataFile("telco-churn", "telco_churn.csv")} }} }}\n" +
            "  parquet: { component: data.write-parquet@1, inputs: { table: load.table } }\n" +
            "  jsonl: { component: data.write-jsonl@1, inputs: { table: load.table } }");
        File.Copy(await h.PathOfAsync(result, "parquet", "file"), Path.Combine(h.Folder.Path, "telco.parquet"));
        File.Copy(await h.PathOfAsync(result, "jsonl", "file"), Path.Combine(h.Folder.Path, "telco.jsonl"));
        var back = await h.RunOkAsync(
            "  p: { component: data.read-parquet@1, params: { path: telco.parquet } }\n" +
            "  j: { component: data.read-jsonl@1, params: { path: telco.jsonl } }");

        var original = await h.TableAsync(result, "load");
        foreach (var step in new[] { "p", "j" })
        {
            var table = await h.TableAsync(back, step);
            Assert.Equal(original.Columns.Select(c => (c.Name, c.DataType)), table.Columns.Select(c => (c.Name, c.DataType)));
            foreach (var column in original.Columns)
            {
                var expected = column.Cast<object?>().Select(Loom.Components.Tables.CellText.Of).ToList();
                var actual = table.Columns[column.Name].Cast<object?>().Select(Loom.Components.Tables.CellText.Of).ToList();
                Assert.True(expected.SequenceEqual(actual), $"{step}: column {column.Name} differs first at row {expected.Zip(actual).TakeWhile(p => p.First == p.Second).Count()}");
            }
        }
    }

    [Fact]
    public async Task Parquet_written_elsewhere_with_nullable_and_date_columns_is_read()
    {
        await using var h = await CreateAsync();
        var path = Path.Combine(h.Folder.Path, "other.parquet");
        var schema = new Parquet.Schema.ParquetSchema(
            new Parquet.Schema.DataField<int?>("count"),
            new Parquet.Schema.DataField<DateTime>("when"),
            new Parquet.Schema.DataField<bool?>("flag"),
            new Parquet.Schema.DataField<string>("name"));
        await using (var file = File.Create(path))
        await using (var writer = await Parquet.ParquetWriter.CreateAsync(schema, file))
        using (var group = writer.CreateRowGroup())
        {
            await group.WriteAsync(schema.DataFields[0], new ReadOnlyMemory<int?>([3, null]));
            await group.WriteAsync(schema.DataFields[1], new ReadOnlyMemory<DateTime>([new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc)]));
            await group.WriteAsync(schema.DataFields[2], new ReadOnlyMemory<bool?>([true, null]));
            await group.WriteAsync(schema.DataFields[3], new[] { "a", "b" });
        }

        var table = await h.TableAsync(await h.RunOkAsync("  p: { component: data.read-parquet@1, params: { path: other.parquet } }"), "p");
        Assert.Equal(3.0, table.Columns["count"][0]);
        Assert.True(double.IsNaN((double)table.Columns["count"][1]!));
        Assert.StartsWith("2026-01-02T03:04:05", (string)table.Columns["when"][0]);
        Assert.Equal([1.0, double.NaN], table.Columns["flag"].Cast<double?>().Select(v => v!.Value));
    }

    [Fact]
    public async Task A_nullable_boolean_column_without_missing_values_stays_true_or_false()
    {
        await using var h = await CreateAsync();
        var schema = new Parquet.Schema.ParquetSchema(new Parquet.Schema.DataField<bool?>("flag"));
        await using (var file = File.Create(Path.Combine(h.Folder.Path, "flags.parquet")))
        await using (var writer = await Parquet.ParquetWriter.CreateAsync(schema, file))
        using (var group = writer.CreateRowGroup())
        {
            await group.WriteAsync(schema.DataFields[0], new ReadOnlyMemory<bool?>([true, false, true]));
        }

        var table = await h.TableAsync(await h.RunOkAsync("  p: { component: data.read-parquet@1, params: { path: flags.parquet } }"), "p");
        Assert.Equal([true, false, true], table.Columns["flag"].Cast<bool?>().Select(v => v!.Value));
    }

    [Theory]
    [InlineData("{\"a\": 1}\n[1, 2]\n", "other.jsonl:2: a line must hold one JSON object, found array")]
    [InlineData("{\"a\": 1}\n{\"a\": \n", "other.jsonl:2: not valid JSON")]
    [InlineData("\n\n", "has no JSON lines")]
    public async Task Bad_json_lines_name_the_line(string content, string message)
    {
        await using var h = await CreateAsync();
        h.Folder.Write("other.jsonl", content);
        var result = await h.RunAsync("  j: { component: data.read-jsonl@1, params: { path: other.jsonl } }");
        Assert.Contains(message, result.Run.Error);
    }

    [Fact]
    public async Task Json_lines_with_absent_keys_nulls_and_nested_values_become_typed_columns()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("events.jsonl", "{\"id\": 1, \"ok\": true, \"tags\": [\"x\"]}\n{\"id\": 2.5, \"ok\": false, \"note\": \"late\"}\n{\"id\": null, \"ok\": true}\n");
        var table = await h.TableAsync(await h.RunOkAsync("  j: { component: data.read-jsonl@1, params: { path: events.jsonl } }"), "j");
        Assert.Equal(["id", "ok", "tags", "note"], table.Columns.Select(c => c.Name));
        Assert.IsType<DoubleDataFrameColumn>(table.Columns["id"]);
        Assert.IsType<BooleanDataFrameColumn>(table.Columns["ok"]);
        Assert.Equal(["[\"x\"]", "", ""], table.Columns["tags"].Cast<string>());
        Assert.Equal(["", "late", ""], table.Columns["note"].Cast<string>());
    }
}
