// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/CollectionFile/Database/Model/Col.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace AnkiNet.CollectionFile.Database.Model;

internal sealed record ColRow(long Id, long Created, long Modified, long SchemaModified, int Version, string Models, string Decks, string DeckConfigs, string Tags);
