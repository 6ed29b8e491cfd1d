// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Builders/Data/Mapper/Attributes/PrimaryKeyAttribute.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace Smart.Data.Mapper.Attributes;

[AttributeUsage(AttributeTargets.Property)]
public sealed class PrimaryKeyAttribute : Attribute
{
    public PrimaryKeyAttribute(int order = 0) => Order = order;

    public int Order { get; }
}
