// Corpus look-alike of AstraidLabs/Veriado:Veriado.Infrastructure/Persistence/EventLog/ReindexQueueEntry.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace Veriado.Infrastructure.Persistence.EventLog;

public sealed class ReindexQueueEntry
{
    public long Id { get; set; }
    public Guid FileId { get; set; }
    public string Reason { get; set; } = "";
    public DateTimeOffset EnqueuedUtc { get; set; }
    public int RetryCount { get; set; }
}
