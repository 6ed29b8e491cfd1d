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

/// <summary>
/// Members of this enum type are stored as the names of their values (<c>TEXT</c>, e.g. <c>'warning'</c>) rather than
/// their numbers, with a <c>CHECK (column IN (...))</c> of every name; the same goes for <c>[Query]</c> parameters and
/// results of the type. A name is the member's <c>[EnumMember(Value = "...")]</c> if it has one, else its snake_case name
/// (<c>NeedsReview</c> -> <c>needs_review</c>). Reading a name the enum does not have is an error naming the table,
/// column, key and value. Not for <c>[Flags]</c> enums (a combination has no single name).
/// </summary>
[AttributeUsage(AttributeTargets.Enum, Inherited = false, AllowMultiple = false)]
public sealed class EnumAsTextAttribute : Attribute
{
}
