using System.Text;

namespace Loom.Execution.Registry.Lineage;

/// <summary>
/// What a model came from, or where a dataset went: model versions, runs' steps and artifacts as nodes; which step
/// read or wrote which artifact (by port), and which artifact a version is, as edges.
/// </summary>
/// <param name="Root">The node asked about.</param>
/// <param name="Nodes">Every node, in the order found.</param>
/// <param name="Edges">Every edge, from the upstream node to the downstream one.</param>
public sealed record LineageGraph(string Root, IReadOnlyList<LineageNode> Nodes, IReadOnlyList<LineageEdge> Edges)
{
    /// <summary>The graph in Graphviz's DOT language, upstream on the left.</summary>
    public string ToDot()
    {
        var dot = new StringBuilder("digraph lineage {\n  rankdir=LR;\n  node [fontname=\"sans-serif\", fontsize=10];\n");
        foreach (var node in Nodes)
        {
            var shape = node.Kind switch { "model_version" => "doubleoctagon", "step" => "box", _ => "ellipse" };
            var label = string.Join("\\n", new[] { node.Label }.Concat(node.Details.Where(d => d.Value is not null).Select(d => $"{d.Key}: {d.Value}")).Select(Escape));
            dot.Append(System.Globalization.CultureInfo.InvariantCulture, $"  \"{Escape(node.Id)}\" [shape={shape}, label=\"{label}\"{(node.Id == Root ? ", penwidth=2" : "")}];\n");
        }

        foreach (var edge in Edges)
        {
            dot.Append(System.Globalization.CultureInfo.InvariantCulture, $"  \"{Escape(edge.From)}\" -> \"{Escape(edge.To)}\" [label=\"{Escape(edge.Label)}\"];\n");
        }

        return dot.Append("}\n").ToString();
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}

/// <summary>A node: <c>model_version</c> (id <c>model:NAME@N</c>), <c>step</c> (<c>step:RUN/STEP</c>) or <c>artifact</c> (<c>artifact:SHA256</c>).</summary>
/// <param name="Id">Unique in the graph.</param>
/// <param name="Kind">model_version, step or artifact.</param>
/// <param name="Label">A short name for people.</param>
/// <param name="Details">What else is known: component, run, pipeline and its version, commit, parameters, artifact kind.</param>
public sealed record LineageNode(string Id, string Kind, string Label, IReadOnlyDictionary<string, string?> Details);

/// <summary>An edge from upstream to downstream: an artifact read by a step (label: the input port), written by one (the output port), or registered as a model version.</summary>
public sealed record LineageEdge(string From, string To, string Label);
