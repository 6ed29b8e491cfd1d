// Corpus look-alike of AstraidLabs/Veriado:Veriado.Infrastructure/Persistence/Outbox/OutboxEventEntity.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace Veriado.Infrastructure.Persistence.Outbox;

public sealed class OutboxEventEntity
{
    public long Id { get; set; }
    public string Type { get; set; } = "";
    public string Payload { get; set; } = "";
    public DateTimeOffset CreatedUtc { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}
