using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Parsing;

namespace SqliteGen.Generator.Emitting;

/// <summary>One parameter of a generated method: its C# type and its name.</summary>
internal readonly record struct Parameter(string Type, string Name);

/// <summary>
/// The parameters of a generated method, kept as data built from the model: written as a declaration
/// (<c>long id, string name</c>), as the arguments that pass them on (<c>id, name</c>), either one with the cancellation
/// token after it, or as the state a write hands its static lambda and the arguments read back from it. Nothing is
/// joined into text and split again.
/// </summary>
internal sealed class ParameterList
{
    private readonly Parameter[] _items;

    public ParameterList(IEnumerable<Parameter> items)
    {
        _items = items.ToArray();
        Declaration = string.Join(", ", _items.Select(p => p.Type + " " + p.Name));
        Arguments = string.Join(", ", _items.Select(p => p.Name));
    }

    public static ParameterList None { get; } = new(System.Array.Empty<Parameter>());

    public static ParameterList Of(string type, string name) => new(new[] { new Parameter(type, name) });

    /// <summary>
    /// A parameter per column, named after its member (<c>UserId</c>: <c>userId</c>) and typed as the member is declared,
    /// or as its non-nullable type for a key (a key is never null).
    /// </summary>
    public static ParameterList ForColumns(IEnumerable<ColumnModel> columns, bool nonNullable) =>
        new(columns.Select(c => new Parameter(nonNullable ? c.NonNullableTypeName : c.TypeName, Naming.ToParameterName(c.MemberName))));

    public int Count => _items.Length;

    /// <summary><c>long id, string name</c>.</summary>
    public string Declaration { get; }

    /// <summary><c>id, name</c>.</summary>
    public string Arguments { get; }

    /// <summary>The declaration of an async method: the parameters, then <see cref="TypeNames.TokenParameter"/>.</summary>
    public string DeclarationWithToken => Join(Declaration, TypeNames.TokenParameter);

    /// <summary>The arguments to an async method: the parameters, then <c>cancellationToken</c>.</summary>
    public string ArgumentsWithToken => Join(Arguments, "cancellationToken");

    /// <summary>The arguments after a leading one: <c>connection, id, name</c>.</summary>
    public string ArgumentsAfter(string first) => Join(first, Arguments);

    /// <summary>The one value a write hands its static lambda: the argument, a tuple of them, or <c>0</c> for none.</summary>
    public string State => _items.Length switch
    {
        0 => "0",
        1 => _items[0].Name,
        _ => "(" + Arguments + ")",
    };

    /// <summary>The arguments again inside the lambda, read from its parameter <paramref name="state"/> (see <see cref="State"/>).</summary>
    public string FromState(string state) =>
        _items.Length == 1 ? state : string.Join(", ", _items.Select(p => state + "." + p.Name));

    /// <summary>Two comma-separated lists as one, either of them possibly empty.</summary>
    public static string Join(string first, string second) =>
        first.Length == 0 ? second : second.Length == 0 ? first : first + ", " + second;
}
