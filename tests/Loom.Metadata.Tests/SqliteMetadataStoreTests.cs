using Loom.Metadata.Records;
using Loom.Metadata.Sqlite;
using Loom.Sdk;
using Loom.Testing;
using Microsoft.Data.Sqlite;

namespace Loom.Metadata.Tests;

public sealed class SqliteMetadataStoreTests : MetadataStoreConformance, IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    protected override async Task<IMetadataStore> OpenAsync() => await SqliteMetadataStore.OpenAsync(folder.Combine("loom.db"));

    [Fact]
    public async Task Opening_twice_applies_migrations_once_and_keeps_data()
    {
        await using (var first = await SqliteMetadataStore.OpenAsync(folder.Combine("loom.db")))
        {
            await first.PutCacheAsync("k", new Dictionary<string, string> { ["a"] = "b" });
        }

        await using var second = await SqliteMetadataStore.OpenAsync(folder.Combine("loom.db"));
        Assert.NotNull(await second.FindCacheAsync("k"));
        Assert.Equal((long)SqliteMetadataStore.SchemaVersion, await Scalar("SELECT COUNT(*) FROM schema_version"));
        Assert.Equal("wal", await Scalar("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Two_store_instances_on_one_file_write_concurrently()
    {
        await using var a = await SqliteMetadataStore.OpenAsync(folder.Combine("loom.db"));
        await using var b = await SqliteMetadataStore.OpenAsync(folder.Combine("loom.db"));
        await Task.WhenAll(
            Task.Run(async () => { for (var i = 0; i < 50; i++) await a.PutCacheAsync($"a{i}", new Dictionary<string, string>()); }),
            Task.Run(async () => { for (var i = 0; i < 50; i++) await b.PutCacheAsync($"b{i}", new Dictionary<string, string>()); }));
        Assert.Equal(100L, await Scalar("SELECT COUNT(*) FROM cache"));
    }

    [Fact]
    public async Task A_database_from_a_newer_loom_is_refused()
    {
        await using (await SqliteMetadataStore.OpenAsync(folder.Combine("loom.db")))
        {
        }

        await Scalar("INSERT INTO schema_version (version) VALUES (99)");
        var error = await Assert.ThrowsAsync<LoomException>(() => SqliteMetadataStore.OpenAsync(folder.Combine("loom.db")));
        Assert.Contains("schema version 99, newer than this Loom understands", error.Message);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_gives_a_clear_error()
    {
        await File.WriteAllTextAsync(folder.Combine("loom.db"), "this is not sqlite, just some text that is long enough to look like a header......");
        var error = await Assert.ThrowsAsync<LoomException>(() => SqliteMetadataStore.OpenAsync(folder.Combine("loom.db")));
        Assert.Contains("cannot open the metadata database", error.Message);
    }

    [Fact]
    public async Task Unknown_run_has_no_steps_and_no_record()
    {
        await using var store = await OpenAsync();
        Assert.Null(await store.FindRunAsync("nope"));
        Assert.Empty(await store.GetStepsAsync("nope"));
        Assert.Empty(await store.ListRunsAsync(new RunQuery()));
    }

    private async Task<object?> Scalar(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={folder.Combine("loom.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value;
    }
}
