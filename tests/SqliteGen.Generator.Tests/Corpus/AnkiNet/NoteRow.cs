// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/CollectionFile/Database/Model/Note.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace AnkiNet.CollectionFile.Database.Model;

internal sealed record NoteRow(long Id, string Guid, long ModelId, long Modified, string Tags, string Fields, string SortField, long Checksum);
