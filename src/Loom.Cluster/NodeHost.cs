using Loom.Cluster.Membership;
using Loom.Cluster.Nodes;
using Loom.Execution.Distribution;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Loom.Cluster;

/// <summary>A node of the cluster (an Orleans silo) that runs step attempts with a workspace's stores.</summary>
public static class NodeHost
{
    /// <summary>Builds the node; starting the host joins the cluster.</summary>
    /// <param name="settings">Where and how to join.</param>
    /// <param name="executor">Runs the attempts given to this node.</param>
    /// <param name="logging">Where the node's own log goes.</param>
    public static IHost Build(ClusterSettings settings, AttemptExecutor executor, Action<ILoggingBuilder> logging)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        logging(builder.Logging);
        builder.Services.AddSingleton(executor);
        builder.Services.AddSingleton(sp => new NodeWork(executor, settings.Slots, sp.GetRequiredService<ILogger<NodeWork>>()));
        builder.UseOrleans(silo =>
        {
            OrleansSetup.Node(silo.Services, settings);
            MembershipSetup.Node(silo, settings);

            // A node that dies is declared dead in seconds, not the default half minute: its attempts run again elsewhere sooner.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(2);
                o.NumMissedProbesLimit = 2;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
            });
            silo.AddPlacementDirector<NodePlacementStrategy, NodePlacementDirector>();
        });
        return builder.Build();
    }
}
