using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.Features;

/// <summary>A <see cref="ColumnProfile"/> per visible column of a data view, gathered in one streaming pass.</summary>
internal sealed class TableProfile
{
    private TableProfile(IReadOnlyList<ColumnProfile> columns) => Columns = columns;

    public IReadOnlyList<ColumnProfile> Columns { get; }

    public static TableProfile Of(IDataView data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        var visible = data.Schema.Where(c => !c.IsHidden).ToList();
        var profiles = visible.Select(c => new ColumnProfile(c.Name, FeatureStep.ShapeOf(c.Type), c.Type is VectorDataViewType v ? v.Size : 0)).ToList();
        var scanned = visible.Where((c, i) => profiles[i].Shape is ColumnShape.Number or ColumnShape.Text).ToList();
        using var cursor = data.GetRowCursor(scanned);
        var readers = scanned.Select(c => Reader(cursor, c, profiles[visible.IndexOf(c)])).ToList();
        while (cursor.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var read in readers)
            {
                read();
            }
        }

        var rows = cursor.Position + 1;
        foreach (var profile in profiles.Where(p => p.Shape is not (ColumnShape.Number or ColumnShape.Text)))
        {
            for (long r = 0; r < rows; r++)
            {
                profile.AddOther();
            }
        }

        return new TableProfile(profiles);
    }

    private static Action Reader(DataViewRowCursor cursor, DataViewSchema.Column column, ColumnProfile profile)
    {
        if (column.Type.RawType == typeof(double))
        {
            var get = cursor.GetGetter<double>(column);
            double value = 0;
            return () => { get(ref value); profile.AddNumber(value); };
        }

        if (column.Type.RawType == typeof(float))
        {
            var get = cursor.GetGetter<float>(column);
            float value = 0;
            return () => { get(ref value); profile.AddNumber(value); };
        }

        var text = cursor.GetGetter<ReadOnlyMemory<char>>(column);
        ReadOnlyMemory<char> memory = default;
        return () => { text(ref memory); profile.AddText(memory.Span); };
    }
}
