using Loom.Components.Tables;
using Microsoft.Data.Analysis;

namespace Loom.Components.Features;

/// <summary>A <see cref="ColumnProfile"/> per column of a table, gathered from one batch or many.</summary>
internal sealed class TableProfile
{
    private readonly List<ColumnProfile> columns = [];

    public IReadOnlyList<ColumnProfile> Columns => columns;

    public long Rows => columns.Count == 0 ? 0 : columns[0].Rows;

    public static TableProfile Of(DataFrame table)
    {
        var profile = new TableProfile();
        profile.Add(table);
        return profile;
    }

    public static async Task<TableProfile> OfAsync(TableReader table, CancellationToken cancellationToken)
    {
        var profile = new TableProfile();
        await foreach (var batch in table.ReadBatchesAsync(cancellationToken).ConfigureAwait(false))
        {
            profile.Add(batch);
        }

        return profile;
    }

    public void Add(DataFrame batch)
    {
        if (columns.Count == 0)
        {
            columns.AddRange(batch.Columns.Select(c => new ColumnProfile(c.Name, c.DataType)));
        }

        for (var c = 0; c < columns.Count; c++)
        {
            columns[c].Add(batch.Columns[c]);
        }
    }
}
