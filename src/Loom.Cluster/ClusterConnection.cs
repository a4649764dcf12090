using Loom.Cluster.Membership;
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
