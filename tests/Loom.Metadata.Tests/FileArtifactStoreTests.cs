using System.Security.Cryptography;
using System.Text;
using Loom.Metadata.Artifacts;
using Loom.Sdk;
using Loom.Testing;

namespace Loom.Metadata.Tests;

public sealed class FileArtifactStoreTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static Func<Stream, CancellationToken, Task> Bytes(string text) =>
        (stream, ct) => stream.WriteAsync(Encoding.UTF8.GetBytes(text), ct).AsTask();

    [Fact]
    public async Task Stores_content_under_its_sha256_and_reads_it_back_verified()
    {
        var store = new FileArtifactStore(folder.Path);
        var stored = await store.PutAsync(Bytes("hello"));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("hello"u8)), stored.Sha256);
        Assert.Equal(5, stored.Size);
        var path = await store.TryGetVerifiedPathAsync(stored.Sha256);
        Assert.Equal(Path.Combine(folder.Path, "sha256", stored.Sha256[..2], stored.Sha256), path);
        Assert.Equal("hello", await File.ReadAllTextAsync(path!));
    }

    [Fact]
    public async Task The_same_content_is_stored_once()
    {
        var store = new FileArtifactStore(folder.Path);
        var a = await store.PutAsync(Bytes("same"));
        var b = await store.PutAsync(Bytes("same"));
        Assert.Equal(a, b);
        Assert.Single(Directory.GetFiles(Path.Combine(folder.Path, "sha256"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_corrupt_artifact_reads_as_missing_and_is_removed()
    {
        var store = new FileArtifactStore(folder.Path);
        var stored = await store.PutAsync(Bytes("original"));
        var path = store.PathOf(stored.Sha256);
        File.SetAttributes(path, FileAttributes.Normal);
        await File.WriteAllTextAsync(path, "tampered");

        Assert.Null(await store.TryGetVerifiedPathAsync(stored.Sha256));
        Assert.False(File.Exists(path));
        await store.PutAsync(Bytes("original"));
        Assert.NotNull(await store.TryGetVerifiedPathAsync(stored.Sha256));
    }

    [Fact]
    public async Task A_writer_that_fails_leaves_nothing_behind()
    {
        var store = new FileArtifactStore(folder.Path);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.PutAsync(async (stream, ct) =>
        {
            await stream.WriteAsync("partial"u8.ToArray(), ct);
            throw new InvalidOperationException("writer failed");
        }));

        Assert.Empty(Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Concurrent_writers_of_the_same_content_all_succeed()
    {
        var store = new FileArtifactStore(folder.Path);
        var content = new string('x', 1 << 20);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.PutAsync(Bytes(content)))));
        Assert.Single(results.Select(r => r.Sha256).Distinct());
        Assert.NotNull(await store.TryGetVerifiedPathAsync(results[0].Sha256));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("ABCDEF")]
    public async Task A_malformed_hash_is_refused_rather_than_used_as_a_path(string hash)
    {
        var store = new FileArtifactStore(folder.Path);
        var error = await Assert.ThrowsAsync<LoomException>(() => store.TryGetVerifiedPathAsync(hash));
        Assert.Contains("is not an artifact hash", error.Message);
    }

    [Fact]
    public async Task A_missing_artifact_reads_as_missing()
    {
        var store = new FileArtifactStore(folder.Path);
        Assert.Null(await store.TryGetVerifiedPathAsync(new string('0', 64)));
    }
}
