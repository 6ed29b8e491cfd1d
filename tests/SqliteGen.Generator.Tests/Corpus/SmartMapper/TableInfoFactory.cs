// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Builders/Data/Mapper/Builders/Metadata/TableInfoFactory.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Reflection;
using Smart.Data.Mapper.Attributes;

namespace Smart.Data.Mapper.Builders.Metadata;

public static class TableInfoFactory
{
    private static readonly ConcurrentDictionary<Type, TableInfo> Cache = new();

    public static TableInfo Get(Type type) => Cache.GetOrAdd(type, Create);

    private static TableInfo Create(Type type) => new TableInfo(
        type.Name,
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Key: p.GetCustomAttribute<PrimaryKeyAttribute>()))
            .Select(x => new ColumnInfo(x.Property.Name, x.Key is not null, x.Key?.Order ?? 0))
            .ToArray());
}
