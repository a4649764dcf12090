using System.Globalization;
using System.Text.RegularExpressions;
using Loom.Sdk;

namespace Loom.Serving.Hosting;

/// <summary>
/// What to serve: <c>NAME@ALIAS</c> follows the alias (a promotion or rollback switches the version served),
/// <c>NAME@N</c> serves version N, and <c>NAME</c> the latest version (following new registrations).
/// </summary>
/// <param name="Name">The registered model.</param>
/// <param name="Selector">The alias or the version number; null for the latest version.</param>
public sealed partial record ModelReference(string Name, string? Selector)
{
    /// <summary>Whether the reference names a fixed version rather than one that can move.</summary>
    public bool IsFixed => Selector is not null && int.TryParse(Selector, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    /// <exception cref="LoomException">The text is not NAME, NAME@ALIAS or NAME@N.</exception>
    public static ModelReference Parse(string text)
    {
        var match = Pattern().Match(text);
        return match.Success
            ? new ModelReference(match.Groups["name"].Value, match.Groups["selector"].Success ? match.Groups["selector"].Value : null)
            : throw new LoomException($"'{text}' names no model: write NAME@ALIAS (such as churn@production), NAME@VERSION (churn@3) or NAME (its latest version)");
    }

    /// <summary>As given on the command line: NAME or NAME@SELECTOR.</summary>
    public override string ToString() => Selector is null ? Name : $"{Name}@{Selector}";

    [GeneratedRegex(@"^(?<name>[a-z0-9][a-z0-9._-]{0,99})(@(?<selector>[A-Za-z0-9][A-Za-z0-9._-]{0,63}))?$")]
    private static partial Regex Pattern();
}
