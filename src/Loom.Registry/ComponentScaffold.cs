using System.Globalization;
using System.Text.RegularExpressions;
using Loom.Sdk;

namespace Loom.Registry;

/// <summary>
/// Writes a new component project from a template: the component, its unit tests on a small real table, a README,
/// and the Loom.Sdk package in the project's own <c>packages/</c> folder, which its <c>nuget.config</c> names, so the
/// project builds against the SDK it was made with. The component references nothing else.
/// </summary>
public static partial class ComponentScaffold
{
    /// <summary>The templates there are.</summary>
    public static IReadOnlyList<string> Templates { get; } = ["csharp-transform", "csharp", "csharp-trainer"];

    /// <summary>Writes the project for component <paramref name="name"/> into <paramref name="folder"/>, which must not exist or be empty.</summary>
    /// <param name="name">The component's name, such as <c>acme.order-flags</c>.</param>
    /// <param name="template">One of <see cref="Templates"/>.</param>
    /// <param name="folder">Where the project goes.</param>
    /// <param name="sdkPackage">The Loom.Sdk package file the project references.</param>
    /// <returns>The files written, relative to the folder.</returns>
    public static IReadOnlyList<string> Write(string name, string template, string folder, string sdkPackage)
    {
        if (!ComponentName().IsMatch(name))
        {
            throw new LoomException($"component name '{name}' must be lower-case words separated by '.' or '-', each starting with a letter, such as 'acme.order-flags'");
        }

        if (!Templates.Contains(template))
        {
            throw new LoomException($"there is no template '{template}'; the templates are {string.Join(", ", Templates)}");
        }

        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new LoomException($"'{folder}' is not empty; give a new folder with --out");
        }

        var version = Path.GetFileNameWithoutExtension(sdkPackage)["Loom.Sdk.".Length..];
        var project = string.Join('.', name.Split('.').Select(Pascal));
        var type = Pascal(name.Split('.')[^1]);
        var files = template switch
        {
            "csharp" => ChecksTemplate.Files(name, project, type, version),
            "csharp-trainer" => TrainerTemplate.Files(name, project, type, version),
            _ => TransformTemplate.Files(name, project, type, version),
        };
        Directory.CreateDirectory(folder);
        foreach (var (path, text) in files)
        {
            var target = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, text);
        }

        var package = Path.Combine("packages", Path.GetFileName(sdkPackage));
        Directory.CreateDirectory(Path.Combine(folder, "packages"));
        File.Copy(sdkPackage, Path.Combine(folder, package));
        return [.. files.Select(f => f.Path), package];
    }

    /// <summary><c>order-flags</c> as <c>OrderFlags</c>.</summary>
    private static string Pascal(string words) =>
        string.Concat(words.Split('-').Select(w => char.ToUpper(w[0], CultureInfo.InvariantCulture) + w[1..]));

    /// <summary>Lower-case words separated by '.' or '-', each starting with a letter (they become C# names).</summary>
    [GeneratedRegex("^[a-z][a-z0-9]*([.-][a-z][a-z0-9]*)*$")]
    private static partial Regex ComponentName();
}
