// Corpus look-alike of ll9/ExcelFake:EFTest/Data (callers of AdoContext.ExecuteQuery) (pattern only): the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Linq;

namespace EFTest.Data
{
    class SheetWriter
    {
        private readonly AdoContext _context = new AdoContext();
        private readonly string _sheet;

        public SheetWriter(string sheet) => _sheet = sheet;

        public void CreateSheet(IEnumerable<string> columns)
        {
            string columnList = string.Join(", ", columns.Select(c => "[" + c + "] TEXT"));
            _context.ExecuteQuery("CREATE TABLE IF NOT EXISTS [" + _sheet + "] (" + columnList + ")");
        }

        public void AddColumn(string column)
        {
            _context.ExecuteQuery($"ALTER TABLE [{_sheet}] ADD COLUMN [{column}] TEXT");
        }

        public void SetCell(long row, string column, string value)
        {
            _context.ExecuteQuery($"UPDATE [{_sheet}] SET [{column}] = '{value}' WHERE rowid = {row}"); // expect: SQLG301
        }

        public void ClearSheet()
        {
            _context.ExecuteQuery("DELETE FROM [" + _sheet + "]");
        }
    }
}
