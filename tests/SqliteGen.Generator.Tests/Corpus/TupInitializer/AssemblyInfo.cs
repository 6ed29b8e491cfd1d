// Corpus look-alike of tupunco/Tup.SQLiteInitializer:Tup.SQLiteInitializer/Properties/AssemblyInfo.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Reflection;

[assembly: AssemblyTitle("Tup.SQLiteInitializer")]
[assembly: AssemblyDescription("Creates and upgrades a SQLite database from entity types.")]
