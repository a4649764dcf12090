using Loom.Sdk;
using Microsoft.Data.Analysis;

namespace Loom.Components.TableOps;

/// <summary>Checks column names given as parameters against a table, naming step, parameter and the columns there are.</summary>
internal static class ColumnsCheck
{
    public static void Require(IEnumerable<string> names, IReadOnlyList<string> columns, string step, string parameter)
    {
        var missing = names.Where(n => !columns.Contains(n)).ToList();
        if (missing.Count > 0)
        {
            throw new DataException($"step '{step}', '{parameter}': column(s) {string.Join(", ", missing)} not in the table; its columns are {string.Join(", ", columns)}");
        }
    }

    public static IReadOnlyList<string> Names(DataFrame table) => table.Columns.Select(c => c.Name).ToList();

    /// <summary>Parses 'left:right' pairs such as renames or column types.</summary>
    public static List<(string Left, string Right)> Pairs(IEnumerable<string> entries, string step, string parameter, string shape)
    {
        var pairs = new List<(string, string)>();
        foreach (var entry in entries)
        {
            var colon = entry.LastIndexOf(':');
            if (colon <= 0 || colon == entry.Length - 1)
            {
                throw new DataException($"step '{step}', '{parameter}': entry '{entry}' must be '{shape}'");
            }

            pairs.Add((entry[..colon].Trim(), entry[(colon + 1)..].Trim()));
        }

        return pairs;
    }
}
