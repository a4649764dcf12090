using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Loom.Cluster.Security;

/// <summary>
/// The first thing said on every connection between nodes, and between a client and a node: each side sends a fresh
/// random challenge and answers the other's with an HMAC-SHA256 of both under a key stretched from the cluster's
/// shared secret (and its own role, so an answer cannot be reflected back); the dialler answers first. A side that
/// cannot answer is cut off before Orleans reads a byte. It authenticates; it does not encrypt.
/// </summary>
internal static class SecretHandshake
{
    private const int ChallengeLength = 32;
    private static readonly byte[] Greeting = "LOOM-CLUSTER-1\n"u8.ToArray();
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> Keys = new(StringComparer.Ordinal);

    /// <summary>Puts the handshake in front of a connection's own protocol.</summary>
    /// <param name="builder">The connection pipeline (inbound or outbound).</param>
    /// <param name="secret">The cluster's shared secret.</param>
    /// <param name="accepting">Whether this side accepted the connection (else it dialled).</param>
    public static void Use(IConnectionBuilder builder, string secret, bool accepting)
    {
        var key = Key(secret);
        var logger = builder.ApplicationServices.GetService<ILoggerFactory>()?.CreateLogger("Loom.Cluster.Security");
        builder.Use(next => async connection =>
        {
            string? refusal;
            try
            {
                using var patience = new CancellationTokenSource(Patience);
                refusal = await ProveAsync(connection.Transport, key, accepting, patience.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                refusal = $"no answer to the challenge within {Patience.TotalSeconds:0} s";
            }
            catch (Exception e) when (e is IOException or ConnectionResetException or InvalidOperationException)
            {
                refusal = $"the connection broke during the challenge ({e.Message})";
            }

            if (refusal is not null)
            {
                logger?.LogWarning("refused a connection {Direction} {Peer}: {Reason}; it does not know this cluster's shared secret ({Variable})", accepting ? "from" : "to", connection.RemoteEndPoint, refusal, ClusterSettings.SecretVariable);
                connection.Abort(new ConnectionAbortedException($"refused: {refusal}"));
                return;
            }

            await next(connection).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// Null when the other side proved it knows the secret, else why not. The dialling side proves itself first,
    /// and the accepting side answers only a dialler that did: whoever merely reaches a node's port learns nothing
    /// from which the secret could be guessed.
    /// </summary>
    private static async Task<string?> ProveAsync(IDuplexPipe pipe, byte[] key, bool accepting, CancellationToken cancellationToken)
    {
        var mine = RandomNumberGenerator.GetBytes(ChallengeLength);
        await pipe.Output.WriteAsync((byte[])[.. Greeting, .. mine], cancellationToken).ConfigureAwait(false);
        var hello = await ReadAsync(pipe.Input, Greeting.Length + ChallengeLength, cancellationToken).ConfigureAwait(false);
        if (hello is null || !hello.AsSpan(0, Greeting.Length).SequenceEqual(Greeting))
        {
            return "it does not speak Loom's cluster handshake";
        }

        var theirs = hello[Greeting.Length..];
        if (!accepting)
        {
            await pipe.Output.WriteAsync(Answer(key, accepting, theirs, mine), cancellationToken).ConfigureAwait(false);
        }

        var answer = await ReadAsync(pipe.Input, SHA256.HashSizeInBytes, cancellationToken).ConfigureAwait(false);
        if (answer is null || !CryptographicOperations.FixedTimeEquals(answer, Answer(key, !accepting, mine, theirs)))
        {
            return "its answer to the challenge is wrong";
        }

        if (accepting)
        {
            await pipe.Output.WriteAsync(Answer(key, accepting, theirs, mine), cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>The HMAC key: the secret stretched (PBKDF2, 200,000 rounds), so that guessing it from what a handshake shows is slow.</summary>
    private static byte[] Key(string secret) =>
        Keys.GetOrAdd(secret, s => Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(s), "loom-cluster-handshake"u8, 200_000, HashAlgorithmName.SHA256, 32));

    /// <summary>What the side in <paramref name="accepting"/>'s role answers to <paramref name="challenge"/> (bound to its own challenge too).</summary>
    private static byte[] Answer(byte[] key, bool accepting, byte[] challenge, byte[] own) =>
        HMACSHA256.HashData(key, (byte[])[(byte)(accepting ? 'A' : 'D'), .. challenge, .. own]);

    private static async Task<byte[]?> ReadAsync(PipeReader input, int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= count)
            {
                var bytes = buffer.Slice(0, count).ToArray();
                input.AdvanceTo(buffer.GetPosition(count));
                return bytes;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return null;
            }
        }
    }
}
