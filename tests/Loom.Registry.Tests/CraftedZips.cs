using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Loom.Registry.Tests;

/// <summary>Zip files as an attacker would make them, byte by byte where the .NET writer would not.</summary>
internal static class CraftedZips
{
    /// <summary>A zip of the given files (path to text), written by .NET.</summary>
    public static void Write(string zip, params (string Path, string Text)[] files)
    {
        using var archive = ZipFile.Open(zip, ZipArchiveMode.Create);
        foreach (var (path, text) in files)
        {
            using var stream = archive.CreateEntry(path).Open();
            stream.Write(Encoding.UTF8.GetBytes(text));
        }
    }

    /// <summary>A zip holding a symbolic link (Unix mode 0120777) named <paramref name="path"/> to <paramref name="target"/>.</summary>
    public static void WriteSymbolicLink(string zip, string path, string target)
    {
        using var archive = ZipFile.Open(zip, ZipArchiveMode.Create);
        var entry = archive.CreateEntry(path);
        entry.ExternalAttributes = 0xA1FF << 16;
        using var stream = entry.Open();
        stream.Write(Encoding.UTF8.GetBytes(target));
    }

    /// <summary>
    /// A zip of one stored entry whose directory claims <paramref name="claimed"/> bytes uncompressed (Zip64 sizes), while
    /// it holds a few: the claim alone must get it refused.
    /// </summary>
    public static void WriteClaiming(string zip, string path, long claimed)
    {
        var name = Encoding.UTF8.GetBytes(path);
        var data = "tiny"u8.ToArray();
        using var file = File.Create(zip);
        using var writer = new BinaryWriter(file);
        // Local file header, sizes in the Zip64 extra field.
        writer.Write(0x04034b50u);
        writer.Write((ushort)45);
        writer.Write((ushort)0);
        writer.Write((ushort)0);
        writer.Write(0u);
        writer.Write(0u);
        writer.Write(0xFFFFFFFFu);
        writer.Write(0xFFFFFFFFu);
        writer.Write((ushort)name.Length);
        writer.Write((ushort)20);
        writer.Write(name);
        Zip64Sizes(writer, claimed, data.Length);
        writer.Write(data);
        var directory = file.Position;
        writer.Write(0x02014b50u);
        writer.Write((ushort)((3 << 8) | 45));
        writer.Write((ushort)45);
        writer.Write((ushort)0);
        writer.Write((ushort)0);
        writer.Write(0u);
        writer.Write(0u);
        writer.Write(0xFFFFFFFFu);
        writer.Write(0xFFFFFFFFu);
        writer.Write((ushort)name.Length);
        writer.Write((ushort)20);
        writer.Write((ushort)0);
        writer.Write((ushort)0);
        writer.Write((ushort)0);
        writer.Write(0u);
        writer.Write(0u);
        writer.Write(name);
        Zip64Sizes(writer, claimed, data.Length);
        var end = file.Position;
        writer.Write(0x06054b50u);
        writer.Write((ushort)0);
        writer.Write((ushort)0);
        writer.Write((ushort)1);
        writer.Write((ushort)1);
        writer.Write((uint)(end - directory));
        writer.Write((uint)directory);
        writer.Write((ushort)0);
    }

    /// <summary>
    /// A zip whose one entry deflates <paramref name="actual"/> zero bytes but claims to hold <paramref name="claimed"/>:
    /// its directory is right about everything else, so only counting while extracting catches it.
    /// </summary>
    public static void WriteUnderclaiming(string zip, string path, int actual, uint claimed)
    {
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            using var stream = archive.CreateEntry(path, CompressionLevel.Optimal).Open();
            stream.Write(new byte[actual]);
        }

        var bytes = File.ReadAllBytes(zip);
        // The uncompressed size: offset 22 of the local header, offset 24 of the central directory header.
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(22), claimed);
        var central = bytes.AsSpan().IndexOf([(byte)0x50, (byte)0x4b, (byte)0x01, (byte)0x02]);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(central + 24), claimed);
        File.WriteAllBytes(zip, bytes);
    }

    /// <summary>A zip of one file whose headers name a compression method no reader knows.</summary>
    public static void WriteWithCompressionMethod(string zip, string path, string text, ushort method)
    {
        Write(zip, (path, text));
        var bytes = File.ReadAllBytes(zip);
        // The method: offset 8 of the local header, offset 10 of the central directory header.
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), method);
        var central = bytes.AsSpan().IndexOf([(byte)0x50, (byte)0x4b, (byte)0x01, (byte)0x02]);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(central + 10), method);
        File.WriteAllBytes(zip, bytes);
    }

    private static void Zip64Sizes(BinaryWriter writer, long uncompressed, long compressed)
    {
        writer.Write((ushort)0x0001);
        writer.Write((ushort)16);
        writer.Write(uncompressed);
        writer.Write(compressed);
    }
}
