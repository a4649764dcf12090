using YamlDotNet.RepresentationModel;

namespace Loom.Pipelines.Documents;

/// <summary>Reads the <c>steps:</c> section of a pipeline document.</summary>
internal static class StepSection
{
    private static readonly string[] Keys = ["component", "inputs", "params", "timeout", "retries", "memory", "description"];

    public static List<StepDefinition> Read(YamlMappingNode section, YamlReader r)
    {
        var steps = new List<StepDefinition>();
        foreach (var (name, node) in r.Entries(section))
        {
            if (node is not YamlMappingNode spec)
            {
                r.Error(node.Start, "expected a mapping with 'component', 'inputs' and 'params'", name);
                continue;
            }

            if (ReadStep(name, spec, r) is { } step)
            {
                steps.Add(step);
            }
        }

        return steps;
    }

    private static StepDefinition? ReadStep(string name, YamlMappingNode spec, YamlReader r)
    {
        r.CheckKeys(spec, Keys, name);
        var component = r.Scalar(spec, "component", required: true, step: name);
        if (component is null)
        {
            return null;
        }

        var at = component.IndexOf('@', StringComparison.Ordinal);
        var inputs = new List<InputBinding>();
        if (r.Mapping(spec, "inputs", name) is { } inputNode)
        {
            foreach (var (port, value) in r.Entries(inputNode, name))
            {
                if (r.Reference(value, name, port) is { } source)
                {
                    inputs.Add(new InputBinding(port, source));
                }
            }
        }

        var parameters = new List<ParameterSetting>();
        if (r.Mapping(spec, "params", name) is { } paramNode)
        {
            foreach (var (key, value) in r.Entries(paramNode, name))
            {
                if (r.Value(value, name, key) is { } raw)
                {
                    parameters.Add(new ParameterSetting(key, raw, r.At(value.Start)));
                }
            }
        }

        return new StepDefinition(
            name,
            at < 0 ? component : component[..at],
            at < 0 ? null : component[(at + 1)..],
            inputs,
            parameters,
            ReadTimeout(spec, name, r),
            (int?)r.Integer(spec, "retries", name, 0, 10),
            r.At(spec.Start))
        {
            MemoryBytes = ReadMemory(spec, name, r),
        };
    }

    private static long? ReadMemory(YamlMappingNode spec, string step, YamlReader r)
    {
        var text = r.Scalar(spec, "memory", step: step);
        if (text is null)
        {
            return null;
        }

        var bytes = PipelineParser.ParseMemory(text);
        if (bytes is null)
        {
            r.Error(r.Child(spec, "memory")!.Start, $"memory '{text}' must be a size in MB or GB between 64MB and 1024GB, such as 512MB or 4GB", step, "memory");
        }

        return bytes;
    }

    private static TimeSpan? ReadTimeout(YamlMappingNode spec, string step, YamlReader r)
    {
        var text = r.Scalar(spec, "timeout", step: step);
        if (text is null)
        {
            return null;
        }

        var timeout = PipelineParser.ParseDuration(text);
        if (timeout is null)
        {
            r.Error(r.Child(spec, "timeout")!.Start, $"timeout '{text}' must be a positive duration of at most 24 days, such as 90s, 10m, 2h or 1d", step, "timeout");
        }

        return timeout;
    }
}
