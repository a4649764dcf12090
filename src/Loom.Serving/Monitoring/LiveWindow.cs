namespace Loom.Serving.Monitoring;

/// <summary>The last <see cref="Capacity"/> observations of a served version's traffic: a ring that requests add to and health reports read.</summary>
internal sealed class LiveWindow(int capacity)
{
    private readonly Observation[] ring = new Observation[capacity];
    private readonly Lock gate = new();
    private long added;

    public int Capacity { get; } = capacity;

    /// <summary>Every observation added since the version was loaded.</summary>
    public long Added => Interlocked.Read(ref added);

    public void Add(Observation observation)
    {
        lock (gate)
        {
            ring[added % Capacity] = observation;
            added++;
        }
    }

    /// <summary>The observations in the window now, oldest first.</summary>
    public List<Observation> Snapshot()
    {
        lock (gate)
        {
            var count = (int)Math.Min(added, Capacity);
            var start = added - count;
            return [.. Enumerable.Range(0, count).Select(i => ring[(start + i) % Capacity])];
        }
    }
}
