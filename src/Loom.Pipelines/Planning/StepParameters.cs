using System.Text.RegularExpressions;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Validation;
using Loom.Sdk;

namespace Loom.Pipelines.Planning;

/// <summary>Substitutes <c>${params.x}</c> into a step's parameter values, then types and checks them.</summary>
internal static partial class StepParameters
{
    public static Dictionary<string, object?> Resolve(
        StepDefinition step,
        ComponentManifest manifest,
        IReadOnlyDictionary<string, object?> pipelineValues,
        List<PipelineError> errors)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var setting in step.Parameters.Where(s => manifest.FindParameter(s.Name) is null))
        {
            var known = string.Join(", ", manifest.Parameters.Select(p => p.Name));
            errors.Add(new PipelineError(setting.Location, step.Name, setting.Name, $"unknown parameter '{setting.Name}' of {manifest.Identity}; known parameters: {known}"));
        }

        foreach (var parameter in manifest.Parameters)
        {
            var setting = step.Parameters.FirstOrDefault(s => s.Name == parameter.Name);
            if (setting is null || setting.Value.IsNull)
            {
                if (parameter.Required)
                {
                    errors.Add(new PipelineError(step.Location, step.Name, parameter.Name, $"required parameter '{parameter.Name}' ({ParameterValues.Spell(parameter.Type)}) is missing: {parameter.Description}"));
                }

                result[parameter.Name] = parameter.Default;
                continue;
            }

            result[parameter.Name] = Value(step, parameter, setting, pipelineValues, errors);
        }

        return result;
    }

    private static object? Value(StepDefinition step, ParameterManifest parameter, ParameterSetting setting, IReadOnlyDictionary<string, object?> pipelineValues, List<PipelineError> errors)
    {
        var unresolved = false;
        var raw = Substitute(setting, pipelineValues, step, errors, ref unresolved);
        if (raw is null)
        {
            return unresolved ? parameter.Default : null;
        }

        var value = ParameterValues.Normalize(parameter.Type, raw);
        if (value is null)
        {
            errors.Add(new PipelineError(setting.Location, step.Name, parameter.Name, $"expected {ParameterValues.Spell(parameter.Type)}, found '{ParameterValues.Format(raw)}'"));
            return null;
        }

        if (ParameterValues.Check(parameter, value) is { } problem)
        {
            errors.Add(new PipelineError(setting.Location, step.Name, parameter.Name, problem));
        }

        return value;
    }

    /// <summary>Returns the untyped value after substitution, or null after an error or an unknown value.</summary>
    private static object? Substitute(ParameterSetting setting, IReadOnlyDictionary<string, object?> values, StepDefinition step, List<PipelineError> errors, ref bool unresolved)
    {
        if (setting.Value.Items is { } items)
        {
            var substituted = new List<string>();
            foreach (var item in items)
            {
                if (SubstituteText(item, setting, values, step, errors, ref unresolved) is not { } value)
                {
                    return null;
                }

                substituted.Add(ParameterValues.Format(value));
            }

            return substituted;
        }

        return SubstituteText(setting.Value.Scalar ?? "", setting, values, step, errors, ref unresolved);
    }

    private static object? SubstituteText(string text, ParameterSetting setting, IReadOnlyDictionary<string, object?> values, StepDefinition step, List<PipelineError> errors, ref bool unresolved)
    {
        var whole = Reference().Match(text);
        if (whole.Success && whole.Length == text.Length)
        {
            return Lookup(whole.Groups[1].Value, setting, values, step, errors, ref unresolved);
        }

        var failed = false;
        var stillUnresolved = unresolved;
        var result = Reference().Replace(text, m =>
        {
            var value = Lookup(m.Groups[1].Value, setting, values, step, errors, ref stillUnresolved);
            failed |= value is null;
            return ParameterValues.Format(value);
        });
        unresolved = stillUnresolved;
        if (!failed && Placeholder().IsMatch(result))
        {
            errors.Add(new PipelineError(setting.Location, step.Name, setting.Name, $"malformed substitution in '{text}'; write ${{params.NAME}}"));
            return null;
        }

        return failed ? null : result;
    }

    private static object? Lookup(string name, ParameterSetting setting, IReadOnlyDictionary<string, object?> values, StepDefinition step, List<PipelineError> errors, ref bool unresolved)
    {
        if (!values.TryGetValue(name, out var value))
        {
            errors.Add(new PipelineError(setting.Location, step.Name, setting.Name, $"'${{params.{name}}}' refers to an undeclared pipeline parameter; declare it under 'parameters:'"));
            return null;
        }

        unresolved |= value is null;
        return value;
    }

    [GeneratedRegex(@"\$\{params\.([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Reference();

    [GeneratedRegex(@"\$\{")]
    private static partial Regex Placeholder();
}
