using System.Reflection;
using System.Text.RegularExpressions;

namespace Loom.Sdk;

/// <summary>
/// Derives a <see cref="ComponentManifest"/> from a component class and checks it, so that a badly
/// described component fails when it is registered rather than in the middle of a run.
/// </summary>
public static partial class ManifestReader
{
    /// <summary>Reads and checks the manifest of <paramref name="componentType"/>.</summary>
    /// <exception cref="ArgumentException">The class is not a well-formed component; the message says why.</exception>
    public static ComponentManifest Read(Type componentType)
    {
        ArgumentNullException.ThrowIfNull(componentType);
        var where = componentType.FullName;
        if (!typeof(IComponent).IsAssignableFrom(componentType) || componentType.IsAbstract)
        {
            throw new ArgumentException($"{where}: a component must be a concrete class implementing {nameof(IComponent)}.");
        }

        var info = componentType.GetCustomAttribute<ComponentAttribute>()
            ?? throw new ArgumentException($"{where}: missing [{nameof(ComponentAttribute)}].");
        if (!NamePattern().IsMatch(info.Name))
        {
            throw new ArgumentException($"{where}: component name '{info.Name}' must be lower-case words separated by '.' or '-', such as 'data.read-csv'.");
        }

        if (!SemanticVersion.TryParse(info.Version, out _))
        {
            throw new ArgumentException($"{where}: version '{info.Version}' must be a semantic version such as '1.0.0'.");
        }

        if (string.IsNullOrWhiteSpace(info.Description) || string.IsNullOrWhiteSpace(info.Category))
        {
            throw new ArgumentException($"{where}: [{nameof(ComponentAttribute)}] needs a Category and a Description.");
        }

        var inputs = Ports<InputAttribute>(componentType, a => new PortManifest(a.Name, a.Kind, a.Description, a.Optional));
        var outputs = Ports<OutputAttribute>(componentType, a => new PortManifest(a.Name, a.Kind, a.Description, Extension: CheckedExtension(componentType, a)));
        CheckPorts(where, "input", inputs);
        CheckPorts(where, "output", outputs);
        if (outputs.Count == 0)
        {
            throw new ArgumentException($"{where}: a component needs at least one [{nameof(OutputAttribute)}].");
        }

        if (info.RowWiseInput.Length > 0
            && (inputs.FirstOrDefault(p => p.Name == info.RowWiseInput) is not { Kind: ArtifactKind.Table } || outputs.Any(o => o.Kind != ArtifactKind.Table)))
        {
            throw new ArgumentException($"{where}: RowWiseInput '{info.RowWiseInput}' must name a table input, and every output of a row-wise component must be a table.");
        }

        var parameters = ParameterReflection.Describe(componentType);
        return new ComponentManifest(info.Name, info.Version, info.Category, info.Description, inputs, outputs, parameters, info.Cacheable, info.Example, info.RowWiseInput);
    }

    /// <summary>
    /// Ports declared on the type and its base classes, base first; a class redeclaring a port of its
    /// base (to describe it more precisely) replaces it in place. Twice on one class is an error, found later.
    /// </summary>
    /// <summary>A file output's extension: lower-case letters and digits, dot-separated parts (such as 'onnx' or 'tar.gz'), never a path.</summary>
    private static string? CheckedExtension(Type componentType, OutputAttribute output)
    {
        if (output.Extension is null)
        {
            return null;
        }

        if (output.Kind != ArtifactKind.File || !Regex.IsMatch(output.Extension, "^[a-z0-9]+(\\.[a-z0-9]+)*$"))
        {
            throw new ArgumentException($"{componentType.FullName}: output port '{output.Name}' declares extension '{output.Extension}'; only file outputs take one, written without the leading dot in lower-case letters and digits, such as 'onnx' or 'tar.gz'.");
        }

        return output.Extension;
    }

    private static List<PortManifest> Ports<T>(Type componentType, Func<T, PortManifest> describe)
        where T : Attribute
    {
        var lineage = new List<Type>();
        for (var type = componentType; type is not null; type = type.BaseType)
        {
            lineage.Insert(0, type);
        }

        var ports = new List<PortManifest>();
        foreach (var type in lineage)
        {
            var declaredHere = new HashSet<string>();
            foreach (var port in type.GetCustomAttributes<T>(inherit: false).Select(describe))
            {
                var inherited = declaredHere.Add(port.Name) ? ports.FindIndex(p => p.Name == port.Name) : -1;
                if (inherited >= 0)
                {
                    ports[inherited] = port;
                }
                else
                {
                    ports.Add(port);
                }
            }
        }

        return ports;
    }

    private static void CheckPorts(string? where, string direction, List<PortManifest> ports)
    {
        foreach (var port in ports)
        {
            if (!PortPattern().IsMatch(port.Name))
            {
                throw new ArgumentException($"{where}: {direction} port '{port.Name}' must be a lower-case identifier such as 'table' or 'train_data'.");
            }

            if (string.IsNullOrWhiteSpace(port.Description))
            {
                throw new ArgumentException($"{where}: {direction} port '{port.Name}' needs a Description.");
            }
        }

        var duplicate = ports.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"{where}: {direction} port '{duplicate.Key}' is declared twice.");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9]*([.-][a-z0-9]+)*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    internal static partial Regex PortPattern();
}
