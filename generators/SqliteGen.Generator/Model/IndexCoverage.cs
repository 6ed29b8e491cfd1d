using System.Collections.Generic;
using System.Linq;

namespace SqliteGen.Generator.Model;

/// <summary>
/// Which columns of a table an index can serve on their own (SQLG101, SQLG102): the first column of the primary key
/// (by <c>[PrimaryKey(Order)]</c>, ties in declaration order, as the schema orders it; a single-column integer key is
/// the rowid) and the first column of any index (<c>[Unique]</c>, <c>[Indexed]</c>, <c>[Index(...)]</c>, partial ones
/// included). The later columns of a composite key or index serve nothing alone.
/// </summary>
internal static class IndexCoverage
{
    /// <summary>Whether a lookup on <paramref name="memberName"/> alone can use the primary key or an index.</summary>
    public static bool LeadsAnIndex(EntityModel entity, string memberName)
    {
        return entity.KeyColumns().FirstOrDefault()?.MemberName == memberName
            || entity.Indexes.Any(index => index.Members.Count > 0 && index.Members[0] == memberName);
    }

    /// <summary>The foreign keys of <paramref name="entity"/> whose column no index leads (SQLG102), in declaration order.</summary>
    public static IEnumerable<ForeignKeyModel> ForeignKeysWithoutIndex(EntityModel entity) =>
        entity.ForeignKeys.Where(foreignKey => !LeadsAnIndex(entity, foreignKey.MemberName));
}
