// Corpus look-alike of harris2012/ToSqlite:ToSqLite/Sqlite/SqLiteField.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace ToSqLite.Sqlite
{
    class SqLiteField
    {
        public SqLiteField(string name, string affinity, bool notNull, bool primaryKey)
        {
            Name = name;
            Affinity = affinity;
            NotNull = notNull;
            PrimaryKey = primaryKey;
        }

        public string Name { get; }
        public string Affinity { get; }
        public bool NotNull { get; }
        public bool PrimaryKey { get; }

        public static string AffinityOf(string sqlServerType) => sqlServerType switch
        {
            "int" or "bigint" or "smallint" or "tinyint" or "bit" => "INTEGER",
            "float" or "real" => "REAL",
            "decimal" or "numeric" or "money" => "NUMERIC",
            "varbinary" or "image" or "binary" => "BLOB",
            _ => "TEXT",
        };
    }
}
