// Corpus look-alike of AstraidLabs/Veriado:Veriado.Infrastructure/Persistence/EventLog/DomainEventLogEntry.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace Veriado.Infrastructure.Persistence.EventLog;

public sealed class DomainEventLogEntry
{
    public long Id { get; set; }
    public string EventType { get; set; } = "";
    public string AggregateId { get; set; } = "";
    public string Json { get; set; } = "";
    public DateTimeOffset OccurredUtc { get; set; }
}
