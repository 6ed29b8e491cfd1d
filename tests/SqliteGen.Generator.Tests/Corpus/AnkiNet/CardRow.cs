// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/CollectionFile/Database/Model/Card.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace AnkiNet.CollectionFile.Database.Model;

internal sealed record CardRow(long Id, long NoteId, long DeckId, int Ordinal, long Modified, int Type, int Queue, long Due, int Interval, int Factor);
