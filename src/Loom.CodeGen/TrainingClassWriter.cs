using System.Text;

namespace Loom.CodeGen;

/// <summary>Writes the training class: <c>Run</c> calls one method per step in order; each method is what its component emitted.</summary>
internal static class TrainingClassWriter
{
    public static string Write(EmittedPipeline pipeline, string pipelineName)
    {
        var code = pipeline.Code;
        var usesOptions = pipeline.Steps.Any(s => s.Method.Body.Any(l => l.Contains("options.", StringComparison.Ordinal)));
        var usings = new SortedSet<string>(StringComparer.Ordinal) { "Microsoft.Extensions.Logging", "Microsoft.ML", "Microsoft.ML.Data" };
        usings.UnionWith(code.Usings);
        if (pipeline.Steps.Any(s => s.Method.Body.Any(l => l.Contains("MissingValueReplacingEstimator", StringComparison.Ordinal))))
        {
            usings.Add("Microsoft.ML.Transforms");
        }

        if (pipeline.Steps.Any(s => s.Method.Body.Any(l => l.Contains("CultureInfo", StringComparison.Ordinal))))
        {
            usings.Add("System.Globalization");
        }

        var text = new StringBuilder();
        foreach (var u in usings)
        {
            text.Append("using ").Append(u).Append(";\n");
        }

        var training = code.Name + "Training";
        var parameters = usesOptions ? $"TrainingOptions options, ILogger<{training}> logger" : $"ILogger<{training}> logger";
        text.Append($$"""

            namespace {{code.Name}}.Model;

            /// <summary>
            /// Trains the model as pipeline '{{pipelineName}}' does: its steps in order, as plain ML.NET calls
            /// with the pipeline's parameter values and seeds. Each private method is one step of the pipeline.
            /// </summary>
            public sealed class {{training}}({{parameters}})
            {
                /// <summary>Runs every step and returns the pipeline's outputs.</summary>
                public TrainingResult Run()
                {

            """);
        var used = Used(pipeline.Steps, pipeline.Outputs.Select(o => o.Variable));
        foreach (var step in pipeline.Steps)
        {
            text.Append("        ").Append(Call(step, used)).Append('\n');
        }

        text.Append($"        return new TrainingResult({string.Join(", ", pipeline.Outputs.Select(o => o.Variable))});\n    }}\n");
        if (pipeline.EvaluationRows is { } rows)
        {
            text.Append($$"""

                    /// <summary>The rows the model is evaluated on: the steps that lead to them, and no others.</summary>
                    public {{pipeline.EvaluationRowClass!.ListType}} EvaluationRows()
                    {

                """);
            var ancestors = Ancestors(pipeline, rows).ToList();
            var needed = Used(ancestors, [rows]);
            foreach (var step in ancestors)
            {
                text.Append("        ").Append(Call(step, needed)).Append('\n');
            }

            text.Append($"        return {rows};\n    }}\n");
        }

        foreach (var step in pipeline.Steps)
        {
            text.Append('\n').Append(Method(step));
        }

        foreach (var member in code.Members.Values)
        {
            text.Append('\n');
            foreach (var line in member.Split('\n'))
            {
                text.Append("    ").Append(line).Append('\n');
            }
        }

        return text.Append("}\n").ToString().Replace("    \n", "\n", StringComparison.Ordinal);
    }

    /// <summary>The variables that the steps read or that are returned; the others are discarded where they are made.</summary>
    private static HashSet<string> Used(IEnumerable<EmittedStep> steps, IEnumerable<string> returned) =>
        steps.SelectMany(s => s.Arguments).Concat(returned).ToHashSet(StringComparer.Ordinal);

    private static string Call(EmittedStep step, HashSet<string> used)
    {
        var arguments = string.Join(", ", step.Arguments);
        var outputs = step.Method.Outputs.Select(o => used.Contains(step.Variables[o.Port]) ? step.Variables[o.Port] : "_").ToList();
        var target = outputs.Count == 1 ? (outputs[0] == "_" ? "_" : $"var {outputs[0]}") : $"var ({string.Join(", ", outputs)})";
        return $"{target} = {step.MethodName}({arguments});";
    }

    private static string Method(EmittedStep step)
    {
        var m = step.Method;
        var returns = m.Outputs.Count == 1 ? m.Outputs[0].Type : "(" + string.Join(", ", m.Outputs.Select(o => $"{o.Type} {o.Name}")) + ")";
        var text = new StringBuilder();
        text.Append($"    /// <summary>Step '{step.Name}' ({step.Identity}): {Escape(m.Summary)}.</summary>\n");
        text.Append($"    private {returns} {step.MethodName}({string.Join(", ", m.Inputs.Select(i => $"{i.Type} {i.Name}"))})\n    {{\n");
        foreach (var line in m.Body.SelectMany(l => l.Split('\n')))
        {
            text.Append(line.Length == 0 ? "" : "        ").Append(line).Append('\n');
        }

        return text.Append("    }\n").ToString();
    }

    private static IEnumerable<EmittedStep> Ancestors(EmittedPipeline pipeline, string variable)
    {
        var needed = new HashSet<string>(StringComparer.Ordinal) { variable };
        var chosen = new List<EmittedStep>();
        foreach (var step in pipeline.Steps.Reverse())
        {
            if (step.Variables.Values.Any(needed.Contains))
            {
                chosen.Add(step);
                needed.UnionWith(step.Arguments);
            }
        }

        chosen.Reverse();
        return chosen;
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
