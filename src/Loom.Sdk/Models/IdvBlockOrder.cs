using System.Buffers.Binary;
using System.Text;

namespace Loom.Sdk.Models;

/// <summary>
/// Puts the blocks of an ML.NET binary data file (IDV) in one fixed order. ML.NET saves some transforms' data
/// (a value mapping's table, for one) as IDV, compressing column blocks on several threads and writing each as
/// soon as it is ready, so the same data can come out in different byte orders. The file's lookup tables say
/// where each block is; this rewrites the blocks by block, then column, and points the tables at them.
/// </summary>
internal static class IdvBlockOrder
{
    private const int HeaderSize = 256;
    private const int LookupEntrySize = 16;
    private const ulong Signature = 0x00425644004C4D43;

    /// <summary>The same data with its blocks in block-then-column order; anything else comes back unchanged.</summary>
    public static byte[] Canonical(byte[] file)
    {
        if (file.Length < HeaderSize || BinaryPrimitives.ReadUInt64LittleEndian(file) != Signature)
        {
            return file;
        }

        try
        {
            return Reorder(file) ?? file;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or OverflowException or FormatException)
        {
            return file;
        }
    }

    private static byte[]? Reorder(byte[] file)
    {
        var tableOfContents = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(24));
        var rows = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(40));
        var columns = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(48));
        var lookups = LookupTables(file, tableOfContents, columns, rows);
        if (lookups is null)
        {
            return null;
        }

        var blocks = lookups.SelectMany(table => Enumerable.Range(0, table.Blocks).Select(b => (table, b))).ToList();
        var spans = blocks.Select(x => Block(file, x.table.Offset, x.b)).ToList();
        var end = FollowOneAnother(spans);
        if (end is null || lookups.Any(t => t.Offset < end))
        {
            return null;
        }

        var result = (byte[])file.Clone();
        var position = (long)HeaderSize;
        foreach (var (table, block) in blocks.OrderBy(x => x.b).ThenBy(x => lookups.IndexOf(x.table)))
        {
            var span = Block(file, table.Offset, block);
            file.AsSpan((int)span.Offset, span.Length).CopyTo(result.AsSpan((int)position));
            BinaryPrimitives.WriteInt64LittleEndian(result.AsSpan((int)(table.Offset + (LookupEntrySize * block))), position);
            position += span.Length;
        }

        return result;
    }

    /// <summary>Each column's lookup table: where it starts and how many blocks it lists.</summary>
    private static List<(long Offset, int Blocks)>? LookupTables(byte[] file, long tableOfContents, int columns, long rows)
    {
        if (tableOfContents < HeaderSize || tableOfContents >= file.Length || columns <= 0 || rows <= 0)
        {
            return null;
        }

        using var reader = new BinaryReader(new MemoryStream(file, (int)tableOfContents, file.Length - (int)tableOfContents), Encoding.UTF8);
        var tables = new List<(long, int)>();
        for (var c = 0; c < columns; c++)
        {
            reader.ReadString(); // column name
            reader.ReadString(); // codec name
            reader.BaseStream.Seek(reader.Read7BitEncodedInt64(), SeekOrigin.Current); // codec parameters
            reader.ReadByte(); // compression
            var rowsPerBlock = reader.Read7BitEncodedInt64();
            var lookup = reader.ReadInt64();
            reader.ReadInt64(); // metadata
            if (rowsPerBlock <= 0)
            {
                return null;
            }

            var blocks = (rows + rowsPerBlock - 1) / rowsPerBlock;
            if (blocks > int.MaxValue || lookup < HeaderSize || lookup + (LookupEntrySize * blocks) > file.Length)
            {
                return null;
            }

            tables.Add((lookup, (int)blocks));
        }

        return tables;
    }

    /// <summary>Where the blocks end, when they fill the file from the header on without gaps or overlaps.</summary>
    private static long? FollowOneAnother(List<(long Offset, int Length)> blocks)
    {
        var next = (long)HeaderSize;
        foreach (var (offset, length) in blocks.OrderBy(b => b.Offset))
        {
            if (offset != next || length < 0)
            {
                return null;
            }

            next += length;
        }

        return blocks.Count == 0 ? null : next;
    }

    private static (long Offset, int Length) Block(byte[] file, long lookup, int block)
    {
        var entry = file.AsSpan((int)(lookup + (LookupEntrySize * block)), LookupEntrySize);
        return (BinaryPrimitives.ReadInt64LittleEndian(entry), BinaryPrimitives.ReadInt32LittleEndian(entry[8..]));
    }
}
