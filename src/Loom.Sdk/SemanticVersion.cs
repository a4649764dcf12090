using System.Globalization;

namespace Loom.Sdk;

/// <summary>A semantic version <c>major.minor.patch</c> (pre-release and build labels are not used by Loom).</summary>
/// <param name="Major">Incremented for incompatible changes.</param>
/// <param name="Minor">Incremented for compatible additions.</param>
/// <param name="Patch">Incremented for fixes.</param>
public readonly record struct SemanticVersion(int Major, int Minor, int Patch) : IComparable<SemanticVersion>
{
    /// <summary>Parses <c>1.2.3</c>; returns false for anything else.</summary>
    public static bool TryParse(string? text, out SemanticVersion version)
    {
        version = default;
        var parts = text?.Split('.');
        if (parts is not { Length: 3 })
        {
            return false;
        }

        var numbers = new int[3];
        for (var i = 0; i < 3; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        version = new SemanticVersion(numbers[0], numbers[1], numbers[2]);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(SemanticVersion other) =>
        (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));

    /// <inheritdoc />
    public override string ToString() => $"{Major}.{Minor}.{Patch}";
}
