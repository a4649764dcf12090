using System.Net;
using Loom.Cluster;
using Loom.Cluster.Membership;
using Loom.Sdk;
using Loom.Testing;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Loom.Cluster.Tests;

/// <summary>
/// The membership table Loom keeps in PostgreSQL, against a real server: what Orleans' membership protocol needs of
/// it — rows and the table's version change only when the caller's etags still match, one of two racing writers
/// wins — and what it keeps of a node comes back whole.
/// </summary>
public sealed class PostgresMembershipTableTests(PostgresMembershipTableTests.Server server) : IClassFixture<PostgresMembershipTableTests.Server>
{
    [Fact]
    public async Task Nodes_starting_together_make_the_tables_once_and_a_new_cluster_is_empty_at_version_zero()
    {
        // A database of its own, where no test made the tables before.
        await using var fresh = await server.NewDatabaseAsync();
        var cluster = NewClusterId();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => new PostgresMembershipTable(fresh, Options.Create(new ClusterOptions { ClusterId = cluster })).InitializeMembershipTable(tryInitTableVersion: true)));

        var empty = await new PostgresMembershipTable(fresh, Options.Create(new ClusterOptions { ClusterId = cluster })).ReadAll();
        Assert.Empty(empty.Members);
        Assert.Equal(0, empty.Version.Version);
    }

    [Fact]
    public async Task A_node_is_inserted_once_at_the_tables_current_version_and_comes_back_whole()
    {
        var table = await InitializedAsync();
        var version = (await table.ReadAll()).Version;
        var node = Entry(11111, SiloStatus.Joining);
        node.SuspectTimes = [Tuple.Create(Address(11112), new DateTime(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc))];
        node.RoleName = "loom";

        Assert.True(await table.InsertRow(node, version.Next()));
        Assert.False(await table.InsertRow(Entry(11113, SiloStatus.Joining), version.Next()));
        var read = await table.ReadAll();
        Assert.Equal(version.Version + 1, read.Version.Version);
        Assert.False(await table.InsertRow(node, read.Version.Next()));
        Assert.Equal(read.Version, (await table.ReadAll()).Version);

        var (stored, _) = Assert.Single((await table.ReadRow(node.SiloAddress)).Members);
        Assert.Equal(node.SiloAddress, stored.SiloAddress);
        Assert.Equal(SiloStatus.Joining, stored.Status);
        Assert.Equal(node.ProxyPort, stored.ProxyPort);
        Assert.Equal((node.HostName, node.SiloName, "loom"), (stored.HostName, stored.SiloName, stored.RoleName));
        Assert.Equal(node.StartTime, stored.StartTime);
        var suspicion = Assert.Single(stored.SuspectTimes ?? []);
        Assert.Equal((Address(11112), new DateTime(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc)), (suspicion.Item1, suspicion.Item2));
        Assert.Empty((await table.ReadRow(Address(11113))).Members);
    }

    [Fact]
    public async Task A_row_changes_only_with_its_current_etag_and_of_two_racing_writers_one_wins()
    {
        var table = await InitializedAsync();
        var node = Entry(11111, SiloStatus.Joining);
        Assert.True(await table.InsertRow(node, (await table.ReadAll()).Version.Next()));
        var read = await table.ReadAll();
        var (entry, etag) = read.Members[0];

        entry.Status = SiloStatus.Active;
        Assert.True(await table.UpdateRow(entry, etag, read.Version.Next()));
        entry.Status = SiloStatus.Dead;
        Assert.False(await table.UpdateRow(entry, etag, (await table.ReadAll()).Version.Next()));
        var current = (await table.ReadAll()).Members[0].Item2;
        Assert.False(await table.UpdateRow(entry, current, read.Version.Next()));
        Assert.Equal(SiloStatus.Active, (await table.ReadRow(node.SiloAddress)).Members[0].Item1.Status);

        var now = await table.ReadAll();
        var racers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => table.UpdateRow(now.Members[0].Item1, now.Members[0].Item2, now.Version.Next())));
        Assert.Equal(1, racers.Count(won => won));
    }

    [Fact]
    public async Task I_am_alive_moves_only_the_time_dead_nodes_long_gone_are_cleaned_up_and_a_clusters_rows_can_be_deleted()
    {
        var cluster = NewClusterId();
        var table = await InitializedAsync(cluster);
        var other = await InitializedAsync();
        Assert.True(await table.InsertRow(Entry(11111, SiloStatus.Active), (await table.ReadAll()).Version.Next()));
        Assert.True(await table.InsertRow(Entry(11112, SiloStatus.Dead), (await table.ReadAll()).Version.Next()));
        var votedDead = Entry(11113, SiloStatus.Dead);
        votedDead.IAmAliveTime = votedDead.StartTime;
        votedDead.SuspectTimes = [Tuple.Create(Address(11111), DateTime.UtcNow.AddMinutes(5))];
        Assert.True(await table.InsertRow(votedDead, (await table.ReadAll()).Version.Next()));
        Assert.True(await table.InsertRow(Entry(11114, SiloStatus.Joining), (await table.ReadAll()).Version.Next()));
        Assert.True(await other.InsertRow(Entry(11111, SiloStatus.Active), (await other.ReadAll()).Version.Next()));

        var before = (await table.ReadRow(Address(11111))).Members[0];
        var alive = before.Item1;
        alive.IAmAliveTime = DateTime.UtcNow.AddSeconds(5);
        await table.UpdateIAmAlive(alive);
        var after = (await table.ReadRow(Address(11111))).Members[0];
        Assert.Equal(before.Item2, after.Item2);
        Assert.Equal(alive.IAmAliveTime, after.Item1.IAmAliveTime, TimeSpan.FromMilliseconds(1));

        // Nodes not active whose last news (alive, or a vote against them) is older than the date go; live ones stay.
        await table.CleanupDefunctSiloEntries(DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal([Address(11111), Address(11113)], (await table.ReadAll()).Members.Select(m => m.Item1.SiloAddress).Order());

        await table.DeleteMembershipTableEntries(cluster);
        Assert.Empty((await table.ReadAll()).Members);
        Assert.Single((await other.ReadAll()).Members);
    }

    [Fact]
    public async Task Clients_find_the_active_nodes_at_their_client_ports()
    {
        var cluster = NewClusterId();
        var table = await InitializedAsync(cluster);
        Assert.True(await table.InsertRow(Entry(11111, SiloStatus.Active), (await table.ReadAll()).Version.Next()));
        Assert.True(await table.InsertRow(Entry(11112, SiloStatus.Joining), (await table.ReadAll()).Version.Next()));
        Assert.True(await table.InsertRow(Entry(11113, SiloStatus.Dead), (await table.ReadAll()).Version.Next()));

        var gateways = new PostgresGatewayList(server.Store, Options.Create(new ClusterOptions { ClusterId = cluster }), Options.Create(new GatewayOptions()));
        await gateways.InitializeGatewayListProvider();
        var found = Assert.Single(await gateways.GetGateways());
        Assert.Equal(SiloAddress.New(IPAddress.Loopback, 31111, Generation).ToGatewayUri(), found);
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_is_an_orleans_error_naming_it_which_orleans_can_pass_on()
    {
        await using var away = new PostgresMembershipStore($"Host=127.0.0.1;Port={FreePorts.Next()};Username=loom;Database=gone;Timeout=2");
        var table = new PostgresMembershipTable(away, Options.Create(new ClusterOptions { ClusterId = NewClusterId() }));
        var error = await Assert.ThrowsAsync<OrleansException>(table.ReadAll);
        Assert.StartsWith("the cluster's membership table in postgres 127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("/gone cannot be used: ", error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public void Postgres_membership_is_the_workspaces_database_or_an_address_and_never_shows_its_password()
    {
        var workspace = ClusterMembership.Parse("postgres", "Host=10.0.0.5;Port=5433;Username=loom;Password=secret;Database=loom");
        Assert.Equal("postgres 10.0.0.5:5433/loom", workspace.ToString());
        Assert.Contains("Password=secret", workspace.PostgresConnectionString, StringComparison.Ordinal);
        var address = ClusterMembership.Parse("postgres://loom:secret@db.example:5432/cluster");
        Assert.Equal("postgres db.example:5432/cluster", address.ToString());

        var sqlite = Assert.Throws<LoomException>(() => ClusterMembership.Parse("postgres", workspaceDatabase: null));
        Assert.Contains("this workspace keeps its metadata in SQLite", sqlite.Message, StringComparison.Ordinal);
        var typo = Assert.Throws<LoomException>(() => ClusterMembership.Parse("postgress://loom:secret@db.example:5432/cluster"));
        Assert.StartsWith("'postgress://***@db.example:5432/cluster' is not a cluster membership", typo.Message, StringComparison.Ordinal);
        var nameless = Assert.Throws<LoomException>(() => ClusterMembership.Parse("postgres://loom:secret@db.example:5432/"));
        Assert.DoesNotContain("secret", nameless.Message, StringComparison.Ordinal);
        Assert.Contains("names no database", nameless.Message, StringComparison.Ordinal);
    }

    private const int Generation = 123456789;

    /// <summary>When the test nodes started: an hour ago, whole seconds (as PostgreSQL keeps microseconds).</summary>
    private static readonly DateTime Started = new(DateTime.UtcNow.AddHours(-1).Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    private static string NewClusterId() => "test-" + Guid.NewGuid().ToString("N")[..8];

    private static SiloAddress Address(int port) => SiloAddress.New(IPAddress.Loopback, port, Generation);

    private static MembershipEntry Entry(int port, SiloStatus status) => new()
    {
        SiloAddress = Address(port),
        Status = status,
        ProxyPort = port + 20000,
        HostName = "node-" + port,
        SiloName = "silo-" + port,
        StartTime = Started,
        IAmAliveTime = Started,
        SuspectTimes = [],
    };

    private PostgresMembershipTable Table(string cluster) => new(server.Store, Options.Create(new ClusterOptions { ClusterId = cluster }));

    private async Task<PostgresMembershipTable> InitializedAsync(string? cluster = null)
    {
        var table = Table(cluster ?? NewClusterId());
        await table.InitializeMembershipTable(tryInitTableVersion: true);
        return table;
    }

    /// <summary>One PostgreSQL server for the class; each test keeps to a cluster of its own.</summary>
    public sealed class Server : IAsyncDisposable
    {
        private readonly PostgresServer postgres = PostgresServer.Start();

        public Server() => Store = new PostgresMembershipStore(postgres.ConnectionString);

        internal PostgresMembershipStore Store { get; }

        /// <summary>A store on a new, empty database of the server.</summary>
        internal async Task<PostgresMembershipStore> NewDatabaseAsync()
        {
            var name = "m" + Guid.NewGuid().ToString("N")[..12];
            await using (var admin = Npgsql.NpgsqlDataSource.Create(postgres.ConnectionString))
            await using (var create = admin.CreateCommand($"CREATE DATABASE {name}"))
            {
                await create.ExecuteNonQueryAsync();
            }

            return new PostgresMembershipStore(new Npgsql.NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Database = name }.ConnectionString);
        }

        public async ValueTask DisposeAsync()
        {
            await Store.DisposeAsync();
            postgres.Dispose();
        }
    }
}
