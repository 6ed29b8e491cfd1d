// Corpus look-alike of harris2012/ToSqlite:ToSqLite/Mssql/Field.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace ToSqLite.Mssql
{
    class Field
    {
        public Field(string name, string sqlType, bool nullable, bool primaryKey)
        {
            Name = name;
            SqlType = sqlType;
            Nullable = nullable;
            PrimaryKey = primaryKey;
        }

        public string Name { get; }
        public string SqlType { get; }
        public bool Nullable { get; }
        public bool PrimaryKey { get; }

        public bool IsText => SqlType is "nvarchar" or "varchar" or "nchar" or "char" or "ntext" or "text" or "uniqueidentifier";
        public bool IsDate => SqlType is "datetime" or "datetime2" or "date" or "smalldatetime";
    }
}
