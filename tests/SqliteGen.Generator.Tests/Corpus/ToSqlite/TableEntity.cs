// Corpus look-alike of harris2012/ToSqlite:ToSqLite/Mssql/Entity/TableEntity.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace ToSqLite.Mssql.Entity
{
    class TableEntity
    {
        public string SchemaName { get; set; } = "dbo";
        public string TableName { get; set; } = "";
        public long RowCount { get; set; }
    }
}
