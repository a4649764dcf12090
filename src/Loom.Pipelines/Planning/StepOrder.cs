using Loom.Pipelines.Documents;
using Loom.Pipelines.Validation;

namespace Loom.Pipelines.Planning;

/// <summary>Orders steps so each comes after the steps it reads from, and reports cycles.</summary>
internal static class StepOrder
{
    public static List<PlannedStep> Sort(List<PlannedStep> steps, PipelineDocument document, List<PipelineError> errors)
    {
        var byName = steps.ToDictionary(s => s.Name);
        var state = new Dictionary<string, int>(); // 1 = visiting, 2 = done
        var ordered = new List<PlannedStep>();
        var path = new Stack<string>();
        foreach (var step in steps)
        {
            if (!Visit(step.Name))
            {
                break;
            }
        }

        return ordered;

        bool Visit(string name)
        {
            if (state.TryGetValue(name, out var s))
            {
                if (s == 2)
                {
                    return true;
                }

                var cycle = path.Reverse().SkipWhile(n => n != name).Append(name).ToList();
                var at = document.Steps.First(d => d.Name == name).Location;
                errors.Add(new PipelineError(at, name, null, $"cycle: {string.Join(" -> ", cycle)}; a pipeline must be acyclic"));
                return false;
            }

            state[name] = 1;
            path.Push(name);
            foreach (var dependency in byName[name].DependsOn.Order(StringComparer.Ordinal))
            {
                if (!Visit(dependency))
                {
                    return false;
                }
            }

            path.Pop();
            state[name] = 2;
            ordered.Add(byName[name]);
            return true;
        }
    }
}
