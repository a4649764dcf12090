using System.Reflection;

namespace Loom.Sdk;

/// <summary>Maps component properties marked with <see cref="ParameterAttribute"/> to manifest entries and back.</summary>
public static class ParameterReflection
{
    /// <summary>Describes the parameters of a component type, checking each declaration.</summary>
    /// <exception cref="ArgumentException">A parameter is declared inconsistently; the message names it.</exception>
    public static IReadOnlyList<ParameterManifest> Describe(Type componentType)
    {
        var prototype = Activator.CreateInstance(componentType, nonPublic: true)!;
        var result = new List<ParameterManifest>();
        foreach (var (owner, property, attribute) in ParameterProperties(prototype))
        {
            var where = $"{componentType.FullName}.{property.Name}";
            if (!ManifestReader.PortPattern().IsMatch(attribute.Name))
            {
                throw new ArgumentException($"{where}: parameter name '{attribute.Name}' must be a lower-case identifier such as 'test_fraction'.");
            }

            if (string.IsNullOrWhiteSpace(attribute.Description))
            {
                throw new ArgumentException($"{where}: parameter '{attribute.Name}' needs a Description.");
            }

            var type = TypeOf(property.PropertyType)
                ?? throw new ArgumentException($"{where}: parameter type {property.PropertyType.Name} is not supported; use string, int, long, double, bool or string[].");
            if (attribute.InputFile && type != ParameterType.String)
            {
                throw new ArgumentException($"{where}: only a string parameter can be an InputFile.");
            }

            var fallback = attribute.Required ? null : ParameterValues.Normalize(type, property.GetValue(owner));
            double? min = double.IsNaN(attribute.Min) ? null : attribute.Min;
            double? max = double.IsNaN(attribute.Max) ? null : attribute.Max;
            var search = Search(where, attribute, type, min, max);
            var parameter = new ParameterManifest(attribute.Name, type, attribute.Description, attribute.Required, fallback, min, max, attribute.Choices, attribute.InputFile, search);
            if (fallback is not null && ParameterValues.Check(parameter, fallback) is { } problem)
            {
                throw new ArgumentException($"{where}: default value does not satisfy its own declaration: {problem}");
            }

            result.Add(parameter);
        }

        var duplicate = result.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? result
            : throw new ArgumentException($"{componentType.FullName}: parameter '{duplicate.Key}' is declared twice.");
    }

    private static SearchRange? Search(string where, ParameterAttribute attribute, ParameterType type, double? min, double? max)
    {
        if (double.IsNaN(attribute.SearchMin) && double.IsNaN(attribute.SearchMax) && !attribute.SearchLog)
        {
            return null;
        }

        if (type is not (ParameterType.Integer or ParameterType.Number) || double.IsNaN(attribute.SearchMin) || double.IsNaN(attribute.SearchMax) || attribute.SearchMin >= attribute.SearchMax)
        {
            throw new ArgumentException($"{where}: parameter '{attribute.Name}' needs both SearchMin < SearchMax, on an integer or number parameter.");
        }

        if (attribute.SearchMin < (min ?? double.MinValue) || attribute.SearchMax > (max ?? double.MaxValue) || (attribute.SearchLog && attribute.SearchMin <= 0))
        {
            throw new ArgumentException($"{where}: parameter '{attribute.Name}': the search range must lie within Min and Max (and above zero on a log scale).");
        }

        return new SearchRange(attribute.SearchMin, attribute.SearchMax, attribute.SearchLog);
    }

    /// <summary>Sets a component's parameter properties from checked, normalized values.</summary>
    public static void Apply(IComponent component, IReadOnlyDictionary<string, object?> values)
    {
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (owner, property, attribute) in ParameterProperties(component))
        {
            if (values.TryGetValue(attribute.Name, out var value) && value is not null)
            {
                property.SetValue(owner, ToPropertyType(value, property.PropertyType));
            }
        }
    }

    /// <summary>The current value of every parameter of a component, by parameter name.</summary>
    public static IReadOnlyDictionary<string, object?> Read(IComponent component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return ParameterProperties(component).ToDictionary(p => p.Attribute.Name, p => p.Property.GetValue(p.Owner));
    }

    /// <summary>Parameter properties of a component, including those of its parameter groups, with the object each belongs to.</summary>
    private static IEnumerable<(object Owner, PropertyInfo Property, ParameterAttribute Attribute)> ParameterProperties(object component)
    {
        // Base classes first (label before the algorithm's settings), declaration order within a class.
        var properties = component.GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .OrderBy(p => Depth(p.DeclaringType!));
        foreach (var property in properties)
        {
            if (property.GetCustomAttribute<ParameterAttribute>() is { } attribute)
            {
                yield return (component, property, attribute);
            }
            else if (property.GetCustomAttribute<ParameterGroupAttribute>() is not null)
            {
                var group = property.GetValue(component)
                    ?? throw new ArgumentException($"{component.GetType().FullName}.{property.Name}: a parameter group must not be null.");
                foreach (var inner in group.GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                {
                    if (inner.GetCustomAttribute<ParameterAttribute>() is { } innerAttribute)
                    {
                        yield return (group, inner, innerAttribute);
                    }
                }
            }
        }
    }

    private static int Depth(Type type)
    {
        var depth = 0;
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            depth++;
        }

        return depth;
    }

    private static ParameterType? TypeOf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) return ParameterType.String;
        if (t == typeof(int) || t == typeof(long)) return ParameterType.Integer;
        if (t == typeof(double) || t == typeof(float)) return ParameterType.Number;
        if (t == typeof(bool)) return ParameterType.Boolean;
        if (t == typeof(string[]) || t == typeof(IReadOnlyList<string>)) return ParameterType.StringList;
        return null;
    }

    private static object ToPropertyType(object value, Type propertyType)
    {
        var t = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
        return value switch
        {
            long l when t == typeof(int) => checked((int)l),
            long l when t == typeof(double) => (double)l,
            long l when t == typeof(float) => (float)l,
            double d when t == typeof(float) => (float)d,
            IReadOnlyList<string> list when t == typeof(string[]) => list.ToArray(),
            _ => value,
        };
    }
}
