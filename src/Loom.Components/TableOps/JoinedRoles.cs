using Loom.Components.Tables;
using Loom.Sdk;

namespace Loom.Components.TableOps;

/// <summary>The column roles of a joined table: each side's roles on the columns it brings, under their output names.</summary>
internal static class JoinedRoles
{
    /// <param name="left">The left table's roles.</param>
    /// <param name="leftColumns">The left table's columns, all of which the output keeps.</param>
    /// <param name="right">The right table's roles.</param>
    /// <param name="carried">The right table's columns the output keeps, with their names in the output.</param>
    /// <param name="step">The step, for errors.</param>
    public static ColumnRoles Of(ColumnRoles left, IReadOnlyList<string> leftColumns, ColumnRoles right, IReadOnlyDictionary<string, string> carried, string step)
    {
        var renamed = right.Restrict(carried.Keys.ToList()).Rename(carried);
        foreach (var (role, mine, theirs) in new[] { ("label", left.Label, renamed.Label), ("weight", left.Weight, renamed.Weight), ("group", left.Group, renamed.Group) })
        {
            if (mine is not null && theirs is not null)
            {
                throw new DataException($"step '{step}': both tables have a {role} role ('{mine}' on the left, '{theirs}' on the right); keep one, e.g. with table.roles and replace: true on the other table");
            }
        }

        // When either side names its features, the other side's features are all its columns without another role.
        IReadOnlyList<string> features = [];
        if (left.Features.Count > 0 || renamed.Features.Count > 0)
        {
            var leftFeatures = left.Features.Count > 0 ? left.Features : leftColumns.Except(left.NonFeatures);
            var rightFeatures = renamed.Features.Count > 0 ? renamed.Features : carried.Values.Except(renamed.NonFeatures);
            features = leftFeatures.Union(rightFeatures).ToList();
        }

        var joined = new ColumnRoles
        {
            Label = left.Label ?? renamed.Label,
            Weight = left.Weight ?? renamed.Weight,
            Group = left.Group ?? renamed.Group,
            Ids = left.Ids.Union(renamed.Ids).ToList(),
            Features = features.Except(left.NonFeatures.Concat(renamed.NonFeatures)).ToList(),
        };
        var twice = joined.NonFeatures.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        return twice is null ? joined
            : throw new DataException($"step '{step}': column '{twice.Key}' has one role in the left table and another in the right; give the tables consistent roles (table.roles)");
    }
}
