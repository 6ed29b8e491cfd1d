// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/AnkiCardType.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace AnkiNet;

public sealed record AnkiCardType(string Name, int Ordinal, string FrontTemplate, string BackTemplate);
