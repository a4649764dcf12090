using System.Threading.Channels;

namespace Loom.Serving.Scoring;

/// <summary>
/// Gathers single rows that arrive together and scores each gathering in one go on one scoring session, then answers
/// every waiting request. A gathering ends as soon as no other request is on its way in (so a lone request waits for
/// nothing), when it is full, or after the longest wait. Fewer sessions are busy at once under many concurrent
/// single-row requests.
/// </summary>
internal sealed class MicroBatcher
{
    public const int MaxRows = 64;

    private readonly Channel<(IReadOnlyList<object>? Values, TaskCompletionSource<Prediction>? Answer)> queue =
        Channel.CreateUnbounded<(IReadOnlyList<object>?, TaskCompletionSource<Prediction>?)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly RowScorer scorer;
    private readonly TimeSpan wait;
    private long batches;
    private int arriving;

    public MicroBatcher(RowScorer scorer, TimeSpan wait)
    {
        this.scorer = scorer;
        this.wait = wait;
        _ = Task.Run(LoopAsync);
    }

    /// <summary>Gatherings scored so far.</summary>
    public long Batches => Interlocked.Read(ref batches);

    /// <summary>Says a request has arrived and may bring a row: a gathering waits for it (up to the longest wait) until it brings one or goes.</summary>
    public Arrival Arrive()
    {
        Interlocked.Increment(ref arriving);
        return new Arrival(this);
    }

    /// <summary>Scores the row of a request that arrived, with the rows of others that arrive meanwhile.</summary>
    public Task<Prediction> ScoreAsync(Arrival arrival, IReadOnlyList<object> values)
    {
        ArgumentNullException.ThrowIfNull(arrival);
        var answer = new TaskCompletionSource<Prediction>(TaskCreationOptions.RunContinuationsAsynchronously);

        // No longer on the way before the row is in the queue: a gathering that takes the row must not wait for its request.
        if (arrival.TryLeave())
        {
            Interlocked.Decrement(ref arriving);
        }

        var queued = queue.Writer.TryWrite((values, answer));

        return queued ? answer.Task : Task.FromResult(scorer.Score(values));
    }

    private void Gone()
    {
        Interlocked.Decrement(ref arriving);
        queue.Writer.TryWrite((null, null)); // wakes a gathering that waits for this request
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
                    if (item.Answer is not null)
                    {
                        batch.Add((item.Values!, item.Answer));
                    }

                    continue;
                }

                // Nobody else is on the way: waiting would only delay the rows gathered.
                if (batch.Count == 0 || Volatile.Read(ref arriving) <= 0)
                {
                    break;
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

            if (batch.Count == 0)
            {
                continue;
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

    /// <summary>A request on its way to the batcher; disposing it without a row says it will bring none.</summary>
    public sealed class Arrival(MicroBatcher owner) : IDisposable
    {
        private int left;

        public void Dispose()
        {
            if (TryLeave())
            {
                owner.Gone();
            }
        }

        internal bool TryLeave() => Interlocked.Exchange(ref left, 1) == 0;
    }
}
