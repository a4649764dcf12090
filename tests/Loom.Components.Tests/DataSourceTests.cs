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
}
