using Loom.Metadata.Postgres;
using Loom.Sdk;
using Loom.Testing;
using Npgsql;

namespace Loom.Metadata.Tests;

/// <summary>The same conformance tests as SQLite's, against a real PostgreSQL server (a fresh database per test).</summary>
public sealed class PostgresMetadataStoreTests(PostgresMetadataStoreTests.Server server) : MetadataStoreConformance, IClassFixture<PostgresMetadataStoreTests.Server>
{
    private readonly string database = server.NewDatabase();

    protected override async Task<IMetadataStore> OpenAsync() => await PostgresMetadataStore.OpenAsync(database);

    [Fact]
    public async Task Opening_twice_applies_migrations_once_and_keeps_data()
    {
        await using (var first = await PostgresMetadataStore.OpenAsync(database))
        {
            await first.PutCacheAsync("k", new Dictionary<string, string> { ["a"] = "b" });
        }

        await using var second = await PostgresMetadataStore.OpenAsync(database);
        Assert.NotNull(await second.FindCacheAsync("k"));
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM schema_version", connection);
        Assert.Equal((long)PostgresMetadataStore.SchemaVersion, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_server_that_does_not_answer_or_an_address_that_is_not_one_is_a_clear_error()
    {
        var closed = new NpgsqlConnectionStringBuilder(database) { Port = 1, Timeout = 3 }.ToString();
        var e = await Assert.ThrowsAsync<LoomException>(() => PostgresMetadataStore.OpenAsync(closed));
        Assert.StartsWith("postgres 127.0.0.1:1/", e.Message, StringComparison.Ordinal);
        Assert.Contains("cannot open the metadata database", e.Message, StringComparison.Ordinal);

        var url = await Assert.ThrowsAsync<LoomException>(() => PostgresMetadataStore.OpenAsync("postgres://loom:secret@127.0.0.1:5432/"));
        Assert.Equal("'postgres://loom:***@127.0.0.1:5432/' names no database; write postgres://USER:PASSWORD@HOST:PORT/DATABASE", url.Message);
        var junk = await Assert.ThrowsAsync<LoomException>(() => PostgresMetadataStore.OpenAsync("Host=127.0.0.1;Colour=blue"));
        Assert.Contains("is not a PostgreSQL address", junk.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_and_writes_wait_for_a_server_that_restarts_instead_of_failing()
    {
        using var own = PostgresServer.Start();
        await using var store = await PostgresMetadataStore.OpenAsync(own.ConnectionString.Replace("Pooling=false", "Pooling=true", StringComparison.Ordinal));
        await store.PutCacheAsync("before", new Dictionary<string, string> { ["out"] = "a" });

        own.Stop();
        var write = store.PutCacheAsync("during", new Dictionary<string, string> { ["out"] = "b" });
        var read = store.FindCacheAsync("before");
        await Task.Delay(2000);
        Assert.False(write.IsCompleted, "the write gave up (or succeeded) while the server was down");
        own.Restart();

        await write.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("a", (await read.WaitAsync(TimeSpan.FromSeconds(30)))!["out"]);
        Assert.Equal("b", (await store.FindCacheAsync("during"))!["out"]);
    }

    [Fact]
    public void A_url_gives_host_port_user_password_database_and_options()
    {
        var builder = PostgresAddress.Parse("postgresql://ana:p%40ss@db.example:6543/loom_prod?sslmode=require");
        Assert.Equal(("db.example", 6543, "ana", "p@ss", "loom_prod", SslMode.Require), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database, builder.SslMode));
        Assert.Equal(5432, PostgresAddress.Parse("postgres://ana@db.example/loom").Port);
        Assert.Equal("postgres://ana:***@db.example/loom", PostgresAddress.Redacted("postgres://ana:p%40ss@db.example/loom"));
        Assert.DoesNotContain("hunter2", PostgresAddress.Redacted("Host=db;Username=ana;Password=hunter2;Database=loom"), StringComparison.Ordinal);
    }

    /// <summary>One throwaway PostgreSQL server for the class; each test gets its own database on it.</summary>
    public sealed class Server : IDisposable
    {
        private readonly PostgresServer server = PostgresServer.Start();
        private int databases;

        /// <summary>Creates an empty database; its connection string.</summary>
        public string NewDatabase()
        {
            var name = $"store_{Interlocked.Increment(ref databases)}";
            using (var connection = new NpgsqlConnection(server.ConnectionString))
            {
                connection.Open();
                using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                create.ExecuteNonQuery();
            }

            return new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name, Pooling = true }.ToString();
        }

        public void Dispose() => server.Dispose();
    }
}
