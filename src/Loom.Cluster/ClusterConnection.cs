using Loom.Cluster.Membership;
using Loom.Cluster.Nodes;
using Loom.Execution.Distribution;
using Loom.Sdk;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Loom.Cluster;

/// <summary>A client's connection to a cluster (an Orleans client): what <c>loom run --cluster</c> runs attempts through.</summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    private readonly IHost host;

    private ClusterConnection(IHost host, ClusterSettings settings)
    {
        this.host = host;
        Settings = settings;
        AttemptHost = new ClusterAttemptHost(host.Services.GetRequiredService<IClusterClient>());
    }

    /// <summary>The cluster connected to.</summary>
    public ClusterSettings Settings { get; }

    /// <summary>Runs attempts on the cluster's nodes.</summary>
    public IAttemptHost AttemptHost { get; }

    /// <summary>
    /// The nodes the membership store lists — those in the cluster, and those that left or died (kept a while) — with,
    /// for each active one, how many slots it has and how many it uses now.
    /// </summary>
    public async Task<IReadOnlyList<ClusterNodeState>> NodesAsync(CancellationToken cancellationToken)
    {
        var client = host.Services.GetRequiredService<IClusterClient>();
        var members = await client.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false).WaitAsync(cancellationToken).ConfigureAwait(false);
        return await Task.WhenAll(members.OrderBy(m => m.SiloAddress.ToParsableString(), StringComparer.Ordinal).Select(async member =>
        {
            var name = member.SiloAddress.ToParsableString();
            NodeLoad? load = null;
            if (member.Status == SiloStatus.Active)
            {
                try
                {
                    load = await client.GetGrain<INodeGrain>(name).GetLoadAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OrleansException or TimeoutException)
                {
                    // Listed as active, but not answering: shown without a load.
                }
            }

            return new ClusterNodeState(name, member.Status.ToString().ToLowerInvariant(), new DateTimeOffset(Membership.MembershipRows.Utc(member.StartTime)), load?.Slots, load?.Busy);
        })).ConfigureAwait(false);
    }

    /// <summary>Connects to a node of the cluster.</summary>
    /// <exception cref="LoomException">No node could be reached, or the nodes refused this client.</exception>
    public static async Task<ClusterConnection> ConnectAsync(ClusterSettings settings, Action<ILoggingBuilder> logging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        logging(builder.Logging);
        builder.UseOrleansClient(client =>
        {
            OrleansSetup.Client(client.Services, settings);
            MembershipSetup.Client(client, settings);
            client.Configure<MessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
            var tries = 0;
            client.UseConnectionRetryFilter(async (_, token) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1), token).ConfigureAwait(false);
                return ++tries < 5;
            });
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or IOException)
        {
            host.Dispose();
            throw new LoomException($"cannot reach cluster '{settings.ClusterId}' ({settings.Membership}): {e.Message}; start a node with 'loom cluster silo', and give every node and client the same {ClusterSettings.SecretVariable}");
        }

        return new ClusterConnection(host, settings);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await host.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        finally
        {
            host.Dispose();
        }
    }
}
