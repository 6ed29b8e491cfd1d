// Corpus look-alike of harris2012/ToSqlite:ToSqLite/Mssql/Entity/FieldEntity.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace ToSqLite.Mssql.Entity
{
    class FieldEntity
    {
        public string TableName { get; set; } = "";
        public string ColumnName { get; set; } = "";
        public string DataType { get; set; } = "";
        public int MaxLength { get; set; }
        public bool IsNullable { get; set; }
        public bool IsPrimaryKey { get; set; }
        public int Ordinal { get; set; }
    }
}
