using System.Text;
using System.Text.Json;

namespace Loom.Worker;

/// <summary>Writes protocol messages, one JSON object per line, from any thread.</summary>
internal sealed class MessageWriter(Stream output)
{
    private readonly Lock gate = new();

    public void Write(WorkerMessage message)
    {
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message, WorkerJson.Options) + "\n");
        lock (gate)
        {
            output.Write(line);
            output.Flush();
        }
    }
}
