using System;

namespace SqliteGen;

/// <summary>The member is not stored.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = true, AllowMultiple = false)]
public sealed class IgnoreAttribute : Attribute
{
}

/// <summary>
/// The member is stored as JSON text through the database's source-generated
/// <c>JsonSerializerContext</c> (see <see cref="SqliteDatabaseAttribute.JsonContext"/>); no reflection.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = true, AllowMultiple = false)]
public sealed class JsonColumnAttribute : Attribute
{
}
