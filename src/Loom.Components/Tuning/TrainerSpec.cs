using System.Globalization;
using System.Reflection;
using Loom.Components.Training;
using Loom.Sdk;

namespace Loom.Components.Tuning;

/// <summary>A built-in trainer named by a step's parameters, with fixed parameter values, ready to make configured instances.</summary>
internal sealed class TrainerSpec
{
    private readonly Type type;

    private TrainerSpec(Type type, ComponentManifest manifest, IReadOnlyDictionary<string, object?> fixedValues)
    {
        this.type = type;
        Manifest = manifest;
        Fixed = fixedValues;
    }

    public ComponentManifest Manifest { get; }

    /// <summary>Parameter values given by the step, typed.</summary>
    public IReadOnlyDictionary<string, object?> Fixed { get; }

    public static TrainerSpec Resolve(string name, IEnumerable<string> parameters, string step)
    {
        var trainers = typeof(BuiltInComponents).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(SupervisedTrainer).IsAssignableFrom(t) && t.GetCustomAttribute<ComponentAttribute>() is not null)
            .ToDictionary(t => t.GetCustomAttribute<ComponentAttribute>()!.Name);
        var parts = name.Split('@', 2);
        if (!trainers.TryGetValue(parts[0], out var type))
        {
            throw new DataException($"step '{step}', 'trainer': '{name}' is not a built-in supervised trainer; they are {string.Join(", ", trainers.Keys.Order(StringComparer.Ordinal))}");
        }

        var version = type.GetCustomAttribute<ComponentAttribute>()!.Version;
        if (parts.Length == 2 && !(version == parts[1] || version.StartsWith(parts[1] + ".", StringComparison.Ordinal)))
        {
            throw new DataException($"step '{step}', 'trainer': '{name}' asks for version {parts[1]}, but {parts[0]} is {version}");
        }

        var manifest = ManifestReader.Read(type);
        var values = new Dictionary<string, object?>();
        foreach (var entry in parameters)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new DataException($"step '{step}', 'trainer_params': entry '{entry}' must be 'name=value'");
            }

            var (key, text) = (entry[..equals].Trim(), entry[(equals + 1)..].Trim());
            values[key] = Parse(manifest, key, text, step, "trainer_params");
        }

        return new TrainerSpec(type, manifest, values);
    }

    /// <summary>Types a parameter value given as text, checking it against the trainer's declaration.</summary>
    public static object Parse(ComponentManifest manifest, string key, string text, string step, string parameter)
    {
        var declared = manifest.FindParameter(key)
            ?? throw new DataException($"step '{step}', '{parameter}': {manifest.Name} has no parameter '{key}'; its parameters are {string.Join(", ", manifest.Parameters.Select(p => p.Name))}");
        object? value = declared.Type switch
        {
            ParameterType.Integer => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null,
            ParameterType.Number => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            ParameterType.Boolean => bool.TryParse(text, out var b) ? b : null,
            ParameterType.StringList => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            _ => text,
        };
        if (value is null)
        {
            throw new DataException($"step '{step}', '{parameter}': {key}={text}: expected {ParameterValues.Spell(declared.Type)}");
        }

        return ParameterValues.Check(declared, value) is { } problem
            ? throw new DataException($"step '{step}', '{parameter}': {key}={text}: {problem}")
            : value;
    }

    /// <summary>A trainer with the fixed values and then the given ones applied.</summary>
    public IComponent Create(IReadOnlyDictionary<string, object?> values)
    {
        var trainer = (IComponent)Activator.CreateInstance(type, nonPublic: true)!;
        ParameterReflection.Apply(trainer, Fixed);
        ParameterReflection.Apply(trainer, values);
        return trainer;
    }
}
