// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/AssemblyInfo.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("AnkiNet.Tests")]
