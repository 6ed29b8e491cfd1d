// Corpus look-alike of AstraidLabs/Veriado:Veriado.Infrastructure/Persistence/Connections/IConnectionStringProvider.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace Veriado.Infrastructure.Persistence.Connections;

public interface IConnectionStringProvider
{
    string ConnectionString { get; }
    string DatabasePath { get; }
}
