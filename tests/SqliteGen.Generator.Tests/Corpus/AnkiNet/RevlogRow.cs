// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/CollectionFile/Database/Model/Revlog.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace AnkiNet.CollectionFile.Database.Model;

internal sealed record RevlogRow(long Id, long CardId, int Ease, int Interval, int LastInterval, int Factor, int Time, int Type);
