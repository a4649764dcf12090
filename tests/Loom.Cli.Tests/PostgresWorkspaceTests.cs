using System.Text.Json;
using Loom.Testing;
using Npgsql;

namespace Loom.Cli.Tests;

/// <summary>Workspaces whose metadata lives in a real PostgreSQL server: <c>loom init --database</c>, <c>LOOM_DATABASE</c>, and many processes at once.</summary>
public sealed class PostgresWorkspaceTests
{
    [Fact]
    public async Task Eight_processes_running_registering_and_promoting_on_one_postgresql_workspace_lose_nothing_and_never_corrupt_an_alias()
    {
        using var postgres = PostgresServer.Start();
        var address = await CreateDatabaseAsync(postgres, "loom");
        using var folder = new TempFolder();
        var init = await LoomProcess.RunAsync(folder.Path, "init", "ws", "--database", address, "--example", "penguins");
        Assert.True(init.Exit == 0, init.Err);
        Assert.Contains($"metadata: postgres 127.0.0.1:{postgres.Port}/loom", init.Out, StringComparison.Ordinal);
        var workspace = folder.Combine("ws");
        var first = await LoomProcess.RunAsync(workspace, "run", "pipelines/species.yaml", "--json");
        Assert.True(first.Exit == 0, first.Err);
        var trained = JsonDocument.Parse(first.Out).RootElement.GetProperty("run_id").GetString()!;

        // Eight processes at once, each: a run (its steps come from the cache), a registration, a promotion.
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var run = await LoomProcess.RunAsync(workspace, "run", "pipelines/species.yaml", "--json");
            Assert.True(run.Exit == 0, run.Err);
            var registered = await LoomProcess.RunAsync(workspace, "models", "register", trained, "train.model", "--name", "species", "--json");
            Assert.True(registered.Exit == 0, registered.Err);
            var version = JsonDocument.Parse(registered.Out).RootElement.GetProperty("version").GetInt32();
            var promoted = await LoomProcess.RunAsync(workspace, "models", "promote", "species", version.ToString(System.Globalization.CultureInfo.InvariantCulture), "--to", "production");
            return (Run: JsonDocument.Parse(run.Out).RootElement.GetProperty("run_id").GetString()!, Version: version, Promoted: promoted);
        })));

        // Nothing lost: every run is recorded, every registration got its own version.
        Assert.Equal(Enumerable.Range(1, 8), results.Select(r => r.Version).Order());
        var runs = JsonDocument.Parse((await LoomProcess.RunAsync(workspace, "runs", "list", "--json", "--limit", "100")).Out).RootElement.EnumerateArray().Select(r => r.GetProperty("run_id").GetString()).ToHashSet();
        Assert.Equal(9, runs.Count);
        Assert.All(results, r => Assert.Contains(r.Run, runs));

        // A promotion either moved the alias or was told another moved it meanwhile; the trail is one unbroken chain
        // from nothing to the version production holds, with one entry per promotion that succeeded.
        Assert.All(results.Where(r => r.Promoted.Exit != 0), r => Assert.Contains("was moved by someone else meanwhile", r.Promoted.Err, StringComparison.Ordinal));
        var trail = JsonDocument.Parse((await LoomProcess.RunAsync(workspace, "models", "history", "species", "--json")).Out).RootElement.EnumerateArray()
            .Select(m => (From: m.TryGetProperty("from", out var f) ? f.GetInt32() : (int?)null, To: m.GetProperty("to").GetInt32())).ToList();
        Assert.Equal(results.Count(r => r.Promoted.Exit == 0), trail.Count);
        Assert.Null(trail[0].From);
        Assert.All(trail.Zip(trail.Skip(1)), pair => Assert.Equal(pair.First.To, pair.Second.From));
        var production = JsonDocument.Parse((await LoomProcess.RunAsync(workspace, "models", "show", "species@production")).Out).RootElement;
        Assert.Equal(trail[^1].To, production.GetProperty("version").GetInt32());

        // The metadata is in PostgreSQL, not in a SQLite file of the workspace.
        Assert.False(File.Exists(Path.Combine(workspace, ".loom", "loom.db")));
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Database = "loom" }.ToString());
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM model_versions WHERE name = 'species'", connection);
        Assert.Equal(8L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Loom_database_chooses_the_store_and_an_address_that_does_not_answer_leaves_no_workspace()
    {
        using var postgres = PostgresServer.Start();
        var address = await CreateDatabaseAsync(postgres, "shared");
        using var workspace = LoomProcess.CopyExample("penguins");
        var environment = new Dictionary<string, string> { ["LOOM_DATABASE"] = address };
        var run = await LoomProcess.RunWithEnvironmentAsync(workspace.Path, environment, "run", "pipelines/species.yaml", "--json");
        Assert.True(run.Exit == 0, run.Err);
        var id = JsonDocument.Parse(run.Out).RootElement.GetProperty("run_id").GetString()!;
        Assert.Contains(id, (await LoomProcess.RunWithEnvironmentAsync(workspace.Path, environment, "runs", "list")).Out, StringComparison.Ordinal);
        Assert.DoesNotContain(id, (await LoomProcess.RunAsync(workspace.Path, "runs", "list")).Out, StringComparison.Ordinal);

        var wrong = await LoomProcess.RunWithEnvironmentAsync(workspace.Path, new Dictionary<string, string> { ["LOOM_DATABASE"] = "mysql://db/loom" }, "runs", "list");
        Assert.Equal(2, wrong.Exit);
        Assert.Contains("LOOM_DATABASE is 'mysql://db/loom', which is neither 'sqlite' nor a PostgreSQL address", wrong.Err, StringComparison.Ordinal);
        var unset = await LoomProcess.RunWithEnvironmentAsync(workspace.Path, new Dictionary<string, string> { ["LOOM_DATABASE"] = "postgres://loom:${LOOM_TEST_NO_SUCH_VARIABLE}@127.0.0.1/loom" }, "runs", "list");
        Assert.Equal(2, unset.Exit);
        Assert.Contains("uses ${LOOM_TEST_NO_SUCH_VARIABLE}, but the environment variable LOOM_TEST_NO_SUCH_VARIABLE is not set", unset.Err, StringComparison.Ordinal);

        using var folder = new TempFolder();
        var refused = await LoomProcess.RunAsync(folder.Path, "init", "ws", "--database", "postgres://loom:secret@127.0.0.1:1/loom");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("postgres 127.0.0.1:1/loom: cannot open the metadata database", refused.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", refused.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.Combine("ws", "loom.yaml")));
    }

    [Fact]
    public async Task Two_workspaces_sharing_one_database_and_one_artifact_folder_reuse_each_others_outputs()
    {
        using var postgres = PostgresServer.Start();
        using var shared = new TempFolder();
        var environment = new Dictionary<string, string> { ["LOOM_DATABASE"] = await CreateDatabaseAsync(postgres, "jobs"), ["LOOM_ARTIFACTS"] = shared.Combine("artifacts") };

        // Two checkouts, as two CI jobs on two runners: the second finds every step's outputs where the first left them.
        using var first = LoomProcess.CopyExample("penguins");
        var run = await LoomProcess.RunWithEnvironmentAsync(first.Path, environment, "run", "pipelines/species.yaml", "--json");
        Assert.True(run.Exit == 0, run.Err);
        Assert.NotEmpty(Directory.EnumerateFiles(shared.Combine("artifacts", "sha256"), "*", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(first.Combine(".loom", "artifacts")), "the artifacts go to LOOM_ARTIFACTS, not into the workspace");
        using var second = LoomProcess.CopyExample("penguins");
        var again = await LoomProcess.RunWithEnvironmentAsync(second.Path, environment, "run", "pipelines/species.yaml", "--json");
        Assert.True(again.Exit == 0, again.Err);
        var steps = JsonDocument.Parse(again.Out).RootElement.GetProperty("steps").EnumerateArray().ToList();
        Assert.All(steps, s => Assert.True(s.GetProperty("cache_hit").GetBoolean(), $"step {s.GetProperty("name")} was computed again"));

        // loom.yaml names the folder too, relative to the workspace; what cannot be a folder is refused with where it came from.
        first.Write("loom.yaml", File.ReadAllText(first.Combine("loom.yaml")) + "artifacts:\n  path: ../${LOOM_TEST_STORE}/named\n");
        var named = await LoomProcess.RunWithEnvironmentAsync(first.Path, new Dictionary<string, string> { ["LOOM_TEST_STORE"] = Path.GetFileName(shared.Path) }, "run", "pipelines/species.yaml");
        Assert.True(named.Exit == 0, named.Err);
        Assert.NotEmpty(Directory.EnumerateFiles(shared.Combine("named", "sha256"), "*", SearchOption.AllDirectories));
        File.WriteAllText(shared.Combine("a-file"), "");
        var file = await LoomProcess.RunWithEnvironmentAsync(first.Path, new Dictionary<string, string> { ["LOOM_ARTIFACTS"] = shared.Combine("a-file") }, "runs", "list");
        Assert.Equal(2, file.Exit);
        Assert.Contains($"{shared.Combine("a-file")}: cannot use it as the artifact folder (from LOOM_ARTIFACTS)", file.Err, StringComparison.Ordinal);
        first.Write("loom.yaml", File.ReadAllText(first.Combine("loom.yaml")).Replace("artifacts:\n  path: ../${LOOM_TEST_STORE}/named\n", "artifacts: [ somewhere ]\n", StringComparison.Ordinal));
        var malformed = await LoomProcess.RunAsync(first.Path, "runs", "list");
        Assert.Equal(2, malformed.Exit);
        Assert.Contains("'artifacts' must be a mapping with only 'path'", malformed.Err, StringComparison.Ordinal);
    }

    /// <summary>Creates an empty database on the server; its postgres:// address.</summary>
    internal static async Task<string> CreateDatabaseAsync(PostgresServer postgres, string name)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return $"postgres://loom@127.0.0.1:{postgres.Port}/{name}";
    }
}
