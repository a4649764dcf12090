using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace Loom.Cluster.Nodes;

/// <summary>Places a grain on the node whose address is its key.</summary>
[Serializable]
[GenerateSerializer]
[Immutable]
public sealed class NodePlacementStrategy : PlacementStrategy;

/// <summary>Marks a grain placed by its key: <see cref="NodePlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class NodePlacementAttribute() : PlacementAttribute(new NodePlacementStrategy());

/// <summary>Finds the node a key names among the live ones; a node that is gone cannot host it, and the call fails.</summary>
internal sealed class NodePlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var wanted = target.GrainIdentity.Key.ToString();
        return context.GetCompatibleSilos(target).FirstOrDefault(s => s.ToParsableString() == wanted) is { } silo
            ? Task.FromResult(silo)
            : throw new SiloUnavailableException($"node {wanted} is not in the cluster any more");
    }
}
