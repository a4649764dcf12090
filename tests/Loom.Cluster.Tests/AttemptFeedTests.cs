using Loom.Cluster.Nodes;
using Loom.Metadata.Records;

namespace Loom.Cluster.Tests;

/// <summary>What a node keeps of an attempt's log lines and progress between its client's questions.</summary>
public sealed class AttemptFeedTests
{
    [Fact]
    public void Lines_and_the_latest_progress_are_given_once_and_a_slow_client_is_told_how_many_lines_it_missed()
    {
        var feed = new AttemptFeed();
        feed.Log(Line("reading"));
        feed.StepProgress("score", 0.25, "batch 1");
        feed.StepProgress("score", 0.5, "batch 2");
        feed.StepProgress("score", double.NaN, null);

        var (lines, progress) = feed.Take();
        Assert.Equal(["reading"], lines.Select(l => l.Message));
        Assert.Equal(new StepProgressNote(0.5, "batch 2"), progress);
        Assert.Equal((0, (StepProgressNote?)null), (feed.Take().Lines.Count, feed.Take().Progress));

        foreach (var i in Enumerable.Range(0, 1005))
        {
            feed.Log(Line($"line {i}"));
        }

        var missed = feed.Take().Lines;
        Assert.Equal(1001, missed.Count);
        Assert.Equal("(5 earlier line(s) not shown here; loom logs r1 score has them all)", missed[0].Message);
        Assert.Equal("line 5", missed[1].Message);
        Assert.Equal("line 1004", missed[^1].Message);
    }

    private static LogRecord Line(string message) => new("r1", "score", 1, DateTimeOffset.UtcNow, "Information", message);
}
