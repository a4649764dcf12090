using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Loom.Registry;

/// <summary>
/// The gate's first stage: an upload is one component project with its tests, whose project files only describe
/// (properties and items; no targets, imports or tasks that would run code while it builds) and whose code does not
/// switch the rules off.
/// </summary>
internal static partial class UploadChecks
{
    private static readonly HashSet<string> ItemTypes = new(StringComparer.Ordinal)
    {
        "PackageReference", "ProjectReference", "Compile", "None", "Content", "EmbeddedResource", "Using", "InternalsVisibleTo", "Folder",
    };

    private static readonly HashSet<string> BuildFiles = new(StringComparer.OrdinalIgnoreCase)
    {
        "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "Directory.Build.rsp", "global.json",
    };

    /// <summary>Build logic in files of its own, which a project could import.</summary>
    private static readonly string[] BuildLogic = [".props", ".targets", ".rsp", ".tasks"];

    /// <summary>
    /// The properties a component or tests project may set: what it is and how its code reads. Anything else could
    /// change what the build imports, where it restores from, or which warnings count.
    /// </summary>
    private static readonly HashSet<string> Properties = new(StringComparer.OrdinalIgnoreCase)
    {
        "TargetFramework", "Nullable", "ImplicitUsings", "TreatWarningsAsErrors", "GenerateDocumentationFile", "LangVersion",
        "RootNamespace", "AssemblyName", "Description", "Authors", "Company", "Copyright", "Product", "Version", "VersionPrefix",
        "VersionSuffix", "IsPackable", "IsTestProject", "NoWarn", "WarningsAsErrors", "InvariantGlobalization", "Deterministic",
        "DebugType", "OutputType", "AnalysisLevel", "EnforceCodeStyleInBuild",
    };

    public static (ComponentProject? Project, IReadOnlyList<GateFinding> Findings) Check(string folder)
    {
        var findings = new List<GateFinding>();
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        var projects = files.Where(f => f.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)).ToList();
        var tests = projects.Where(IsTests).ToList();
        var components = projects.Except(tests).ToList();
        if (components.Count != 1)
        {
            findings.Add(new GateFinding(
                components.Count == 0 ? "the upload has no component project (.csproj)" : $"the upload has {components.Count} component projects ({string.Join(", ", components)}); it holds one",
                null,
                "upload one component project (src/NAME/NAME.csproj) with its tests project (tests/NAME.Tests/NAME.Tests.csproj), as 'loom component new' makes them"));
        }

        if (tests.Count == 0)
        {
            findings.Add(new GateFinding("the upload has no tests project", null, "add a tests project whose name ends in .Tests, with tests on real data (see 'loom component new')"));
        }

        foreach (var file in files.Where(f => BuildFiles.Contains(Path.GetFileName(f))))
        {
            findings.Add(new GateFinding($"{Path.GetFileName(file)} changes how every project builds, which the gate decides", file, "move the settings the component needs into its project file, and leave this file out"));
        }

        foreach (var file in files.Where(f => !BuildFiles.Contains(Path.GetFileName(f)) && (BuildLogic.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)) || (f.EndsWith(".config", StringComparison.OrdinalIgnoreCase) && !Path.GetFileName(f).Equals("nuget.config", StringComparison.OrdinalIgnoreCase)))))
        {
            findings.Add(new GateFinding("a file of build logic or configuration, which a project could import", file, "leave it out: a component's project file holds all its build settings"));
        }

        foreach (var project in projects)
        {
            findings.AddRange(CheckProject(folder, project, isComponent: components.Contains(project)));
        }

        // The component's code follows the rules; its tests may work with files and the like.
        var componentFolder = components.Count == 1 ? Path.GetDirectoryName(components[0])!.Replace('\\', '/') : "";
        foreach (var file in files.Where(f => f.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) && (componentFolder.Length == 0 || f.StartsWith(componentFolder + "/", StringComparison.Ordinal))))
        {
            findings.AddRange(CheckSource(folder, file));
        }

        foreach (var file in files.Where(f => Path.GetFileName(f) is ".editorconfig" or ".globalconfig" || f.EndsWith(".globalconfig", StringComparison.OrdinalIgnoreCase)))
        {
            var lines = File.ReadAllLines(Path.Combine(folder, file));
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Contains("LOOM0", StringComparison.OrdinalIgnoreCase) && lines[i].Contains("severity", StringComparison.OrdinalIgnoreCase))
                {
                    findings.Add(new GateFinding("the file sets the severity of a component rule", $"{file}:{i + 1}", "remove the line: the component rules (LOOM001-007) hold for every component"));
                }
            }
        }

        return (findings.Count == 0 ? new ComponentProject(components[0], tests) : null, findings);
    }

    private static bool IsTests(string project) => Path.GetFileNameWithoutExtension(project).EndsWith(".Tests", StringComparison.Ordinal);

    private static IEnumerable<GateFinding> CheckProject(string folder, string project, bool isComponent)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(Path.Combine(folder, project), LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            return [new GateFinding($"the project file is not valid XML: {e.Message}", project, "fix the XML")];
        }

        var findings = new List<GateFinding>();
        var root = document.Root!;
        string Where(XElement e) => $"{project}:{((IXmlLineInfo)e).LineNumber}";
        if (root.Name.LocalName != "Project" || (string?)root.Attribute("Sdk") != "Microsoft.NET.Sdk")
        {
            findings.Add(new GateFinding("the project is not an SDK-style project on Microsoft.NET.Sdk", project, "start the file with <Project Sdk=\"Microsoft.NET.Sdk\">"));
        }

        foreach (var attribute in root.Attributes().Where(a => !a.IsNamespaceDeclaration && a.Name.LocalName != "Sdk"))
        {
            findings.Add(new GateFinding($"<Project {attribute.Name.LocalName}=...> changes how properties given to the build apply", project, $"remove the {attribute.Name.LocalName} attribute"));
        }

        foreach (var element in root.Elements())
        {
            switch (element.Name.LocalName)
            {
                case "PropertyGroup":
                    foreach (var property in element.Elements().Where(p => !Properties.Contains(p.Name.LocalName)))
                    {
                        findings.Add(new GateFinding($"property {property.Name.LocalName} is not one a component project sets (it could change what the build imports or checks)", Where(property), $"remove it; a project may set {string.Join(", ", Properties.Order(StringComparer.Ordinal))}"));
                    }

                    break;
                case "ItemGroup":
                    foreach (var item in element.Elements().Where(i => !ItemTypes.Contains(i.Name.LocalName)))
                    {
                        findings.Add(new GateFinding($"a project may hold only {string.Join(", ", ItemTypes)} items; this one has <{item.Name.LocalName}>", Where(item), $"remove the <{item.Name.LocalName}> item"));
                    }

                    break;
                default:
                    findings.Add(new GateFinding($"<{element.Name.LocalName}> can run code or bring other build logic while the component builds", Where(element), "a component's project holds only property groups and item groups; remove it"));
                    break;
            }
        }

        if (isComponent)
        {
            var items = root.Descendants().Where(e => e.Parent?.Name.LocalName == "ItemGroup").ToList();
            var sdk = items.Where(i => i.Name.LocalName == "PackageReference" && IsLoomSdk(i)).ToList();
            if (sdk.Count == 0 || sdk.Any(r => r.Attribute("Include") is null))
            {
                findings.Add(new GateFinding("the component does not reference Loom.Sdk itself", project, "add <PackageReference Include=\"Loom.Sdk\" Version=\"...\" /> to the component's project"));
            }

            foreach (var reference in sdk.Where(r => r.Attributes().Select(a => a.Name.LocalName).Concat(r.Elements().Select(e => e.Name.LocalName)).Any(n => n.EndsWith("Assets", StringComparison.Ordinal))))
            {
                findings.Add(new GateFinding("the Loom.Sdk reference leaves some of its assets out (its analyzers check the component)", Where(reference), "reference Loom.Sdk with Include and Version only"));
            }

            foreach (var item in items.Where(i => i.Name.LocalName is "ProjectReference" or "Compile"))
            {
                findings.Add(new GateFinding($"the component's project has a <{item.Name.LocalName}> item: its code must be its own folder's .cs files, checked as they are", Where(item), $"remove the <{item.Name.LocalName}> item; put the code in the component's folder"));
            }
        }

        return findings;
    }

    private static bool IsLoomSdk(XElement reference) =>
        new[] { (string?)reference.Attribute("Include"), (string?)reference.Attribute("Update") }.Any(n => string.Equals(n?.Trim(), "Loom.Sdk", StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<GateFinding> CheckSource(string folder, string file)
    {
        // Every line break C# knows, so code after a Unicode line separator is read as its own line.
        var lines = LineBreak().Split(File.ReadAllText(Path.Combine(folder, file)));
        for (var i = 0; i < lines.Length; i++)
        {
            var where = $"{file}:{i + 1}";
            var line = lines[i];
            if (PragmaDisable().Match(line) is { Success: true } pragma && (pragma.Groups["codes"].Value.Trim().Length == 0 || pragma.Groups["codes"].Value.Contains("LOOM", StringComparison.OrdinalIgnoreCase)))
            {
                yield return new GateFinding("the code switches a component rule off", where, "remove the #pragma and follow the rule (docs/best-practices.md)");
            }
            else if (NullableDisable().IsMatch(line))
            {
                yield return new GateFinding("the code switches nullable reference types off", where, "remove '#nullable disable' and handle the null cases");
            }
            else if (line.Contains("SuppressMessage", StringComparison.Ordinal) && line.Contains("LOOM", StringComparison.OrdinalIgnoreCase))
            {
                yield return new GateFinding("the code suppresses a component rule", where, "remove the SuppressMessage attribute and follow the rule (docs/best-practices.md)");
            }
        }
    }

    [GeneratedRegex(@"^\s*#\s*pragma\s+warning\s+disable\b(?<codes>[^/]*)")]
    private static partial Regex PragmaDisable();

    [GeneratedRegex("\r\n|[\r\n\u0085\u2028\u2029]")]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"^\s*#\s*nullable\s+disable\b")]
    private static partial Regex NullableDisable();
}
