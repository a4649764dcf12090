using System.Text;
using Loom.Pipelines.Documents;

namespace Loom.Pipelines.Writing;

/// <summary>
/// Writes a pipeline document as YAML in the layout the examples use: one block per section, one
/// block per step with flow mappings for inputs and parameters. Parsing the result gives the same
/// document (and so the same version hash); comments of the original text are not kept.
/// </summary>
public static class PipelineYamlWriter
{
    /// <summary>The document as YAML text.</summary>
    public static string Write(PipelineDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var y = new StringBuilder();
        y.Append("apiVersion: ").AppendLine(PipelineDocument.ApiVersion);
        y.AppendLine("kind: Pipeline");
        y.Append("name: ").AppendLine(ScalarStyle.Yaml(document.Name, quoted: true));
        if (document.Description.Length > 0)
        {
            y.Append("description: ").AppendLine(ScalarStyle.Yaml(document.Description, quoted: true));
        }

        if (document.Seed != PipelineDocument.DefaultSeed)
        {
            y.Append("seed: ").AppendLine(document.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (document.Ci is { } ci)
        {
            y.Append("ci: ").AppendLine(ci);
        }

        if (document.Sla is { } sla)
        {
            y.Append("sla: { ").Append(string.Join(", ", sla.Written.Select(w => w.Key + ": " + ScalarStyle.Yaml(w.Value, quoted: false)))).AppendLine(" }");
        }

        if (document.Parameters.Count > 0)
        {
            y.AppendLine("parameters:");
            foreach (var p in document.Parameters)
            {
                var fields = new List<string> { "type: " + TypeName(p.Type) };
                if (p.Default is { } value)
                {
                    fields.Add("default: " + ScalarStyle.Yaml(value));
                }

                if (p.Description.Length > 0)
                {
                    fields.Add("description: " + ScalarStyle.Yaml(p.Description, quoted: true));
                }

                y.Append("  ").Append(ScalarStyle.Yaml(p.Name, quoted: true)).Append(": { ").Append(string.Join(", ", fields)).AppendLine(" }");
            }
        }

        y.AppendLine(document.Steps.Count == 0 ? "steps: {}" : "steps:");
        foreach (var step in document.Steps)
        {
            WriteStep(y, step);
        }

        if (document.Outputs.Count > 0)
        {
            y.AppendLine("outputs:");
            foreach (var output in document.Outputs)
            {
                y.Append("  ").Append(ScalarStyle.Yaml(output.Name, quoted: true)).Append(": ").AppendLine(output.Source.ToString());
            }
        }

        return y.ToString();
    }

    private static void WriteStep(StringBuilder y, StepDefinition step)
    {
        y.Append("  ").Append(ScalarStyle.Yaml(step.Name, quoted: true)).AppendLine(":");
        y.Append("    component: ").AppendLine(ScalarStyle.Yaml(step.ComponentReference, quoted: true));
        if (step.Inputs.Count > 0)
        {
            y.Append("    inputs: { ").Append(string.Join(", ", step.Inputs.Select(i => $"{ScalarStyle.Yaml(i.Port, quoted: true)}: {i.Source}"))).AppendLine(" }");
        }

        if (step.Parameters.Count > 0)
        {
            y.Append("    params: { ").Append(string.Join(", ", step.Parameters.Select(p => $"{ScalarStyle.Yaml(p.Name, quoted: true)}: {ScalarStyle.Yaml(p.Value)}"))).AppendLine(" }");
        }

        if (step.Timeout is { } timeout)
        {
            y.Append("    timeout: ").AppendLine(ScalarStyle.Duration(timeout));
        }

        if (step.Retries is { } retries)
        {
            y.Append("    retries: ").AppendLine(retries.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (step.MemoryBytes is { } memory)
        {
            y.Append("    memory: ").AppendLine(ScalarStyle.Memory(memory));
        }
    }

    internal static string TypeName(Sdk.ParameterType type) => type == Sdk.ParameterType.StringList ? "list" : Sdk.ParameterValues.Spell(type);
}
