using System.Threading.Channels;

namespace Loom.Serving.Scoring;

/// <summary>
/// Gathers single rows that arrive together — for up to a few milliseconds, or until a batch is full — and scores
/// each gathering in one go on one scoring session, then answers every waiting request. Fewer sessions are busy at
/// once under many concurrent single-row requests, at the cost of the wait.
/// </summary>
internal sealed class MicroBatcher
{
    public const int MaxRows = 64;

    private readonly Channel<(IReadOnlyList<object> Values, TaskCompletionSource<Prediction> Answer)> queue =
        Channel.CreateUnbounded<(IReadOnlyList<object>, TaskCompletionSource<Prediction>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly RowScorer scorer;
    private readonly TimeSpan wait;
    private long batches;

    public MicroBatcher(RowScorer scorer, TimeSpan wait)
    {
        this.scorer = scorer;
        this.wait = wait;
        _ = Task.Run(LoopAsync);
    }

    /// <summary>Gatherings scored so far.</summary>
    public long Batches => Interlocked.Read(ref batches);

    public Task<Prediction> ScoreAsync(IReadOnlyList<object> values)
    {
        var answer = new TaskCompletionSource<Prediction>(TaskCreationOptions.RunContinuationsAsynchronously);
        return queue.Writer.TryWrite((values, answer)) ? answer.Task : Task.FromResult(scorer.Score(values));
    }

    private async Task LoopAsync()
    {
        var batch = new List<(IReadOnlyList<object> Values, TaskCompletionSource<Prediction> Answer)>(MaxRows);
        while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            var until = DateTime.UtcNow + wait;
            while (batch.Count < MaxRows)
            {
                if (queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                    continue;
                }

                var left = until - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                using var timeout = new CancellationTokenSource(left);
                try
                {
                    await queue.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            Interlocked.Increment(ref batches);
            var answers = scorer.ScoreMany(batch.Select(b => b.Values));
            for (var i = 0; i < batch.Count; i++)
            {
                if (answers[i].Error is { } error)
                {
                    batch[i].Answer.SetException(error);
                }
                else
                {
                    batch[i].Answer.SetResult(answers[i].Prediction!);
                }
            }
        }
    }
}
