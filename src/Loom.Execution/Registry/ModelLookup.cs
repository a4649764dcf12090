using System.Globalization;
using Loom.Metadata;
using Loom.Metadata.Records;

namespace Loom.Execution.Registry;

/// <summary>Finds registered model versions in a metadata store: by number, by alias, or the latest.</summary>
public static class ModelLookup
{
    /// <summary>The prefix of a registered model given where a file is expected: <c>models:/churn@production</c>.</summary>
    public const string Scheme = "models:/";

    /// <summary>The version a number or alias points at, or the latest when <paramref name="versionOrAlias"/> is null.</summary>
    /// <exception cref="RegistryNotFoundException">No such model, version or alias.</exception>
    public static async Task<ModelVersionRecord> FindAsync(IMetadataStore store, string name, string? versionOrAlias, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var versions = await VersionsAsync(store, name, cancellationToken).ConfigureAwait(false);
        if (versionOrAlias is null)
        {
            return versions[^1];
        }

        if (int.TryParse(versionOrAlias, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return versions.FirstOrDefault(v => v.Version == number)
                ?? throw new RegistryNotFoundException($"model '{name}' has no version {number}; its versions are 1 to {versions[^1].Version}");
        }

        var aliases = await store.GetModelAliasesAsync(name, cancellationToken).ConfigureAwait(false);
        return aliases.TryGetValue(versionOrAlias, out var held)
            ? versions.Single(v => v.Version == held)
            : throw new RegistryNotFoundException($"model '{name}' has no alias '{versionOrAlias}'{(aliases.Count > 0 ? $"; its aliases are {string.Join(", ", aliases.Keys)}" : "")}");
    }

    /// <summary>The versions of a model, oldest first.</summary>
    /// <exception cref="RegistryNotFoundException">No model of that name is registered.</exception>
    public static async Task<IReadOnlyList<ModelVersionRecord>> VersionsAsync(IMetadataStore store, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var versions = await store.ListModelVersionsAsync(name, cancellationToken).ConfigureAwait(false);
        if (versions.Count > 0)
        {
            return versions;
        }

        var names = (await store.ListModelVersionsAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Select(v => v.Name).Distinct().ToList();
        throw new RegistryNotFoundException($"no model named '{name}' is registered{(names.Count > 0 ? $"; the models are {string.Join(", ", names)}" : "; register one with 'loom models register RUN STEP.PORT --name NAME'")}");
    }

    /// <summary>The version a <c>models:/NAME[@VERSION|@ALIAS]</c> text names.</summary>
    /// <exception cref="RegistryNotFoundException">No such model, version or alias.</exception>
    public static Task<ModelVersionRecord> FindAsync(IMetadataStore store, string reference, CancellationToken cancellationToken)
    {
        var text = reference[Scheme.Length..];
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? FindAsync(store, text, null, cancellationToken) : FindAsync(store, text[..at], text[(at + 1)..], cancellationToken);
    }

    /// <summary>Whether a parameter's value names a registered model rather than a file.</summary>
    public static bool IsReference(string value) => value.StartsWith(Scheme, StringComparison.Ordinal);
}
