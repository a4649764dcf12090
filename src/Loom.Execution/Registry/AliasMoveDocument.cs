using System.Text.Json.Nodes;
using Loom.Metadata.Records;

namespace Loom.Execution.Registry;

/// <summary>A move of a model's alias as the command line and the REST API show it: the gate's report as JSON, not text.</summary>
/// <param name="Id">Its place in the model's trail.</param>
/// <param name="Model">The model.</param>
/// <param name="Alias">The alias moved.</param>
/// <param name="From">The version it pointed at before, or null.</param>
/// <param name="To">The version it points at after, or null.</param>
/// <param name="Action"><c>promote</c> or <c>rollback</c>.</param>
/// <param name="Actor">Who.</param>
/// <param name="At">When.</param>
/// <param name="Reason">Why, or null.</param>
/// <param name="Gate">The report of the gate the move passed, or null.</param>
public sealed record AliasMoveDocument(long Id, string Model, string Alias, int? From, int? To, string Action, string Actor, DateTimeOffset At, string? Reason, JsonNode? Gate)
{
    /// <summary>The move as documents show it.</summary>
    public static AliasMoveDocument Of(AliasMove move)
    {
        ArgumentNullException.ThrowIfNull(move);
        return new(move.Id, move.Model, move.Alias, move.From, move.To, move.Action, move.Actor, move.At, move.Reason, move.GateJson is null ? null : JsonNode.Parse(move.GateJson));
    }
}
