using System.Security.Cryptography;
using System.Text;
using Loom.Sdk;

namespace Loom.Pipelines.Catalog;

/// <summary>
/// The components a workspace can use, looked up by name and version. Safe to read from many threads while
/// components are added: each addition replaces the whole index, which readers see whole or not at all.
/// </summary>
public sealed class ComponentCatalog
{
    private readonly Lock writing = new();
    private volatile Dictionary<string, IReadOnlyList<ComponentRegistration>> byName = new(StringComparer.Ordinal);

    /// <summary>Every registered component, ordered by name then version.</summary>
    public IReadOnlyList<ComponentRegistration> All =>
        byName.Values.SelectMany(v => v).OrderBy(r => r.Manifest.Name, StringComparer.Ordinal).ThenBy(r => Version(r)).ToList();

    /// <summary>Registers every concrete <see cref="IComponent"/> class marked with <see cref="ComponentAttribute"/> in an assembly.</summary>
    public ComponentCatalog RegisterAssembly(System.Reflection.Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var type in assembly.GetTypes().Where(t => !t.IsAbstract && typeof(IComponent).IsAssignableFrom(t)))
        {
            if (type.IsDefined(typeof(ComponentAttribute), inherit: false))
            {
                Register(type);
            }
        }

        return this;
    }

    /// <summary>Registers one component class after checking its manifest.</summary>
    /// <exception cref="ArgumentException">The class is malformed, or its identity is taken by another class.</exception>
    public ComponentRegistration Register(Type componentType)
    {
        var manifest = ManifestReader.Read(componentType);
        lock (writing)
        {
            return Register(manifest, componentType);
        }
    }

    private ComponentRegistration Register(ComponentManifest manifest, Type componentType)
    {
        var versions = byName.GetValueOrDefault(manifest.Name) ?? [];
        var existing = versions.FirstOrDefault(r => r.Manifest.Version == manifest.Version);
        if (existing is not null)
        {
            return existing.Implementation == componentType
                ? existing
                : throw new ArgumentException($"{manifest.Identity} is already registered by {existing.Implementation?.FullName ?? "a published component"}; a published version never changes, so give {componentType.FullName} a new version.");
        }

        var registration = new ComponentRegistration(manifest, componentType, HashImplementation(componentType));
        Add(registration);
        return registration;
    }

    /// <summary>
    /// Brings the published versions up to date with the repository's: registers those not in the catalog yet and
    /// takes the deprecation of those that are (a version's content never changes). Returns how many changed.
    /// </summary>
    public int SyncPublished(IEnumerable<(ComponentManifest Manifest, PublishedPackage Package)> published)
    {
        ArgumentNullException.ThrowIfNull(published);
        var changed = 0;
        lock (writing)
        {
            foreach (var (manifest, package) in published)
            {
                var versions = byName.GetValueOrDefault(manifest.Name) ?? [];
                var existing = versions.FirstOrDefault(r => r.Manifest.Version == manifest.Version);
                if (existing is null && versions.All(r => r.IsCustom))
                {
                    Add(new ComponentRegistration(manifest, null, package.PackageSha256, package));
                    changed++;
                }
                else if (existing?.Package is { } known && known.Deprecation != package.Deprecation)
                {
                    var next = new Dictionary<string, IReadOnlyList<ComponentRegistration>>(byName, StringComparer.Ordinal);
                    next[manifest.Name] = [.. versions.Select(r => r == existing ? existing with { Package = known with { Deprecation = package.Deprecation } } : r)];
                    byName = next;
                    changed++;
                }
            }
        }

        return changed;
    }

    /// <summary>Adds a registration by replacing the index (callers hold the write lock).</summary>
    private void Add(ComponentRegistration registration)
    {
        var next = new Dictionary<string, IReadOnlyList<ComponentRegistration>>(byName, StringComparer.Ordinal);
        next[registration.Manifest.Name] = [.. next.GetValueOrDefault(registration.Manifest.Name) ?? [], registration];
        byName = next;
    }

    /// <summary>A catalog with the same registrations, to which more can be added without changing this one.</summary>
    public ComponentCatalog Copy()
    {
        return new ComponentCatalog { byName = new Dictionary<string, IReadOnlyList<ComponentRegistration>>(byName, StringComparer.Ordinal) };
    }

    /// <summary>
    /// Finds the newest version of <paramref name="name"/> matching <paramref name="versionSpec"/>:
    /// null for any, <c>1</c> for 1.x.y, <c>1.2</c> for 1.2.y, <c>1.2.3</c> for exactly that one.
    /// </summary>
    public ComponentRegistration? Resolve(string name, string? versionSpec)
    {
        if (!byName.TryGetValue(name, out var versions))
        {
            return null;
        }

        var parts = versionSpec?.Split('.') ?? [];
        return versions
            .Where(r => Matches(Version(r), parts))
            .OrderByDescending(Version)
            .FirstOrDefault();
    }

    /// <summary>Whether a component's name, description or category holds <paramref name="text"/>, in any case.</summary>
    public static bool Matches(ComponentManifest manifest, string text)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
            || manifest.Description.Contains(text, StringComparison.OrdinalIgnoreCase)
            || manifest.Category.Contains(text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether any version of <paramref name="name"/> is registered.</summary>
    public bool Contains(string name) => byName.ContainsKey(name);

    /// <summary>Names of all registered components.</summary>
    public IEnumerable<string> Names => byName.Keys.Order(StringComparer.Ordinal);

    private static SemanticVersion Version(ComponentRegistration r)
    {
        SemanticVersion.TryParse(r.Manifest.Version, out var version);
        return version;
    }

    private static bool Matches(SemanticVersion version, string[] spec)
    {
        int[] actual = [version.Major, version.Minor, version.Patch];
        for (var i = 0; i < spec.Length; i++)
        {
            if (i >= 3 || !int.TryParse(spec[i], out var wanted) || actual[i] != wanted)
            {
                return false;
            }
        }

        return true;
    }

    private static string HashImplementation(Type type)
    {
        // Builds are deterministic, so the module version id changes exactly when the compiled code does.
        var identity = $"{type.Assembly.ManifestModule.ModuleVersionId:N}/{type.FullName}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
    }
}
