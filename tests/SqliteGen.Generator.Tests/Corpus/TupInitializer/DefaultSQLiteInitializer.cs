// Corpus look-alike of tupunco/Tup.SQLiteInitializer:Tup.SQLiteInitializer.Demo/DefaultSQLiteInitializer.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;

namespace Tup.SQLiteInitializer.Demo
{
    public sealed class DefaultSQLiteInitializer : AbstractSQLiteInitializer
    {
        public DefaultSQLiteInitializer(string connectionString) : base(connectionString)
        {
        }

        public override int TargetVersion => SQLConfig.Version;

        protected override IEnumerable<Type> EntityTypes => new[] { typeof(TestBillEntity) };

        protected override string? Upgrade(int version) => version switch
        {
            1 => SQLConfig.AddRemark,
            2 => SQLConfig.IndexBillNo,
            _ => null,
        };
    }
}
