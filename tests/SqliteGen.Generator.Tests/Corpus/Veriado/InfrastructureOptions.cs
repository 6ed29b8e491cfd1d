// Corpus look-alike of AstraidLabs/Veriado:Veriado.Infrastructure/Persistence/Options/InfrastructureOptions.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace Veriado.Infrastructure.Persistence.Options;

public sealed class InfrastructureOptions
{
    public string? DbPath { get; set; }
    public bool EnableFulltext { get; set; } = true;
    public int OutboxBatchSize { get; set; } = 50;
    public TimeSpan OutboxInterval { get; set; } = TimeSpan.FromSeconds(2);
    public int ReindexRetryLimit { get; set; } = 5;
}
