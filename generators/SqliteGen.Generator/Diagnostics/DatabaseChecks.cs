using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Migrations;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Queries;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Diagnostics;

/// <summary>One <c>[Query]</c> method as checked: bound (ready to emit) or not, and what was found either way.</summary>
internal sealed record CheckedQuery(QueryMethodModel Method, BoundQuery? Bound, IReadOnlyList<QueryDiagnostic> Diagnostics)
{
    /// <summary>The IDs of the errors that kept the method from being generated, e.g. <c>SQLG304</c> (empty when it was bound).</summary>
    public string BlockingIds => string.Join(", ", Diagnostics.Where(d => DatabaseChecks.BlocksGeneration(d.Descriptor)).Select(d => d.Descriptor.Id).Distinct());
}

/// <summary>
/// The checks of the database step, shared by the generator and <c>DatabaseAdviceAnalyzer</c> (linked source) so both
/// decide with the same code: the generator reports what <see cref="BlocksGeneration"/> (and emits the rest), the
/// analyzer reports the advice, where <c>.editorconfig</c> and <c>#pragma warning disable</c> reach it.
/// </summary>
internal static class DatabaseChecks
{
    /// <summary>An error stops a database or a <c>[Query]</c> from being generated; anything less is advice.</summary>
    public static bool BlocksGeneration(DiagnosticDescriptor descriptor) => descriptor.DefaultSeverity == DiagnosticSeverity.Error;

    /// <summary>
    /// The <c>[Query]</c> methods of <paramref name="database"/> (<paramref name="owner"/> null) or of one of its
    /// <c>[SqliteQueries]</c> classes, each checked and bound against the tables. A second method of one name is refused
    /// (SQLG308) and not bound: the generated members are named after the method.
    /// </summary>
    public static List<CheckedQuery> Queries(DatabaseModel database, EquatableArray<QueryMethodModel> methods, IReadOnlyList<EntityModel> tables, DatabaseSchema schema,
        ISqlDialect dialect, QueryClassModel? owner, CancellationToken cancellationToken)
    {
        var checkedQueries = new List<CheckedQuery>();
        if (methods.Count == 0)
            return checkedQueries;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (QueryMethodModel method in methods)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!names.Add(method.Name))
            {
                checkedQueries.Add(new CheckedQuery(method, null, new[]
                {
                    new QueryDiagnostic(DiagnosticDescriptors.QueryMethodInvalid, method.Location,
                        new object[] { DiagnosticDescriptors.QueryMethodOverloaded($"{owner?.TypeName ?? database.TypeName}.{method.Name}") }),
                }));
                continue;
            }
            (BoundQuery? query, List<QueryDiagnostic> diagnostics) = QueryBinder.Bind(database, method, tables, schema, dialect, owner);
            checkedQueries.Add(new CheckedQuery(method, query, diagnostics));
        }
        return checkedQueries;
    }

    /// <summary>Where a query diagnostic goes: its own place, else the class that declares the query, else the database.</summary>
    public static LocationInfo? Where(QueryDiagnostic diagnostic, DatabaseModel database, QueryClassModel? owner) =>
        diagnostic.Location ?? owner?.Location ?? database.Location;

    /// <summary>
    /// A location from plain values. <paramref name="tree"/> (the analyzer passes it) makes it a location in that source
    /// tree, which <c>#pragma</c> and the tree's <c>.editorconfig</c> apply to; without one it names the file by path.
    /// </summary>
    public static Location ToLocation(LocationInfo? at, SyntaxTree? tree = null) =>
        at is null
            ? Location.None
            : tree is not null && at.Start + at.Length <= tree.Length
                ? Location.Create(tree, new TextSpan(at.Start, at.Length))
                : Location.Create(at.FilePath, new TextSpan(at.Start, at.Length), new LinePositionSpan(new LinePosition(at.StartLine, at.StartCharacter), new LinePosition(at.EndLine, at.EndCharacter)));

    /// <summary>A migration diagnostic's place: its line of a snapshot file, or the database class.</summary>
    public static Location LocationOf(PlanDiagnostic problem, DatabaseModel database, SyntaxTree? databaseTree = null)
    {
        if (problem.SnapshotPath is { } path)
        {
            var line = new LinePosition(Math.Max(0, problem.Line - 1), 0);
            return Location.Create(path, default, new LinePositionSpan(line, line));
        }
        return ToLocation(database.Location, databaseTree);
    }
}
