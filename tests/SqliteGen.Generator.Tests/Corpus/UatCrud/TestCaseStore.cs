// Corpus look-alike of Persistence.DB CRUD (callers):Persistence/TestCaseStore.cs (pattern only): the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Text;

namespace Persistence.DB
{
    internal sealed class TestCaseStore
    {
        public List<string> Names()
        {
            var names = new List<string>();
            CRUD.Read("TestCases", r => names.Add(r.GetString(1)));
            return names;
        }

        public int MarkPassed(int id, string tester)
        {
            return CRUD.Update("UPDATE TestCases SET Status = 'Passed', Tester = '" + tester + "' WHERE Id = " + id); // expect: SQLG301
        }

        public int Rename(int id, string name)
        {
            var sql = new StringBuilder();
            sql.Append("UPDATE TestCases SET Name = '");
            sql.Append(name); // expect: SQLG301
            sql.Append("' WHERE Id = ").Append(id);
            return CRUD.Update(sql.ToString());
        }

        public int ResetAll() => CRUD.Update("UPDATE TestCases SET Status = 'Open'");
    }
}
