using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SqliteGen.Generator.Diagnostics;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Parsing;

namespace SqliteGen.Analyzers;

/// <summary>
/// SQLG0xx: reports what is wrong with [Table] and [SqliteDatabase] declarations, using the same parser
/// as the generator (which silently generates nothing for them). SQLG102: a valid table's foreign-key column that no
/// index leads, and SQLG103: a money member in binary floating point (local to the record, so they are reported here,
/// live, rather than by the generator).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DeclarationAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.TableMustBePartialRecord,
        DiagnosticDescriptors.MissingPrimaryKey,
        DiagnosticDescriptors.UnsupportedType,
        DiagnosticDescriptors.ConflictingAttributes,
        DiagnosticDescriptors.UnknownIndexMember,
        DiagnosticDescriptors.InvalidReference,
        DiagnosticDescriptors.JsonContextMissing,
        DiagnosticDescriptors.DatabaseMustBePartialClass,
        DiagnosticDescriptors.DuplicateName,
        DiagnosticDescriptors.InvalidName,
        DiagnosticDescriptors.InvalidVersion,
        DiagnosticDescriptors.NoConstructor,
        DiagnosticDescriptors.InvalidVector,
        DiagnosticDescriptors.VectorOnWrongType,
        DiagnosticDescriptors.FullTextOnNonString,
        DiagnosticDescriptors.DatabasesShareEveryTable,
        DiagnosticDescriptors.ForeignKeyWithoutIndex,
        DiagnosticDescriptors.LossyTypeChoice);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            INamedTypeSymbol? tableAttribute = start.Compilation.GetTypeByMetadataName(KnownNames.Table);
            INamedTypeSymbol? databaseAttribute = start.Compilation.GetTypeByMetadataName(KnownNames.Database);
            if (tableAttribute is null || databaseAttribute is null)
                return; // SqliteGen is not referenced

            var entities = new ConcurrentBag<(string Name, EntityModel? Model)>();
            var databases = new ConcurrentBag<(INamedTypeSymbol Symbol, DatabaseModel Model)>();

            start.RegisterSymbolAction(symbolContext =>
            {
                var type = (INamedTypeSymbol)symbolContext.Symbol;
                ImmutableArray<AttributeData> attributes = type.GetAttributes();
                if (attributes.Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, tableAttribute)))
                {
                    EntityParseResult result = EntityParser.Parse(type, symbolContext.CancellationToken);
                    foreach (DiagnosticInfo diagnostic in Deduplicate(result.Diagnostics))
                        symbolContext.ReportDiagnostic(diagnostic.ToDiagnostic(type.Locations.FirstOrDefault()));
                    if (result.Model is not null)
                    {
                        foreach (ForeignKeyModel foreignKey in IndexCoverage.ForeignKeysWithoutIndex(result.Model))
                            symbolContext.ReportDiagnostic(ForeignKeyWithoutIndex(type, result.Model, foreignKey));
                        foreach (ColumnModel column in result.Model.Columns)
                        {
                            if (TypeAdvice.MoneyInBinaryFloatingPoint(column) is { } word)
                                symbolContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LossyTypeChoice, MemberLocation(type, column.MemberName),
                                    type.Name, column.MemberName, word, column.Kind == ValueKind.Single ? "float" : "double"));
                        }
                    }
                    entities.Add((EntityParser.FullName(type), result.Model));
                }
                if (attributes.Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, databaseAttribute)))
                {
                    (DatabaseModel? model, List<DiagnosticInfo> diagnostics) = DatabaseParser.Parse(type);
                    foreach (DiagnosticInfo diagnostic in diagnostics)
                        symbolContext.ReportDiagnostic(diagnostic.ToDiagnostic(type.Locations.FirstOrDefault()));
                    if (model is not null)
                    {
                        databases.Add((type, model));
                        if (!model.ListsTables && SharesEveryTable(type, symbolContext.Compilation, tableAttribute, databaseAttribute, symbolContext.CancellationToken) is { } shared)
                            symbolContext.ReportDiagnostic(shared);
                    }
                }
            }, SymbolKind.NamedType);

            // Checks across a database and all its tables need every table parsed first.
            start.RegisterCompilationEndAction(end =>
            {
                var valid = entities.Where(e => e.Model is not null).Select(e => e.Model!).ToList();
                var invalid = new HashSet<string>(entities.Where(e => e.Model is null).Select(e => e.Name));
                foreach ((INamedTypeSymbol symbol, DatabaseModel model) in databases)
                {
                    List<EntityModel> tables = DatabaseValidator.TablesOf(model, valid);
                    foreach (DiagnosticInfo problem in DatabaseValidator.Validate(model, tables, invalid))
                        end.ReportDiagnostic(problem.ToDiagnostic(symbol.Locations.FirstOrDefault()));
                }
            });
        });
    }

    /// <summary>
    /// SQLG016 on the <c>[SqliteDatabase]</c> attribute of a database that lists no tables while the compilation declares
    /// another database: both would take every table. Reported from the database's own symbol action (not at compilation
    /// end) so that it shows live and its code fix is offered; the other databases and the tables are found by one walk
    /// over the compilation's types, made only for a database without <c>Tables</c>. The tables go with the diagnostic
    /// (the <c>Tables</c> property, fully qualified, ';'-separated) for the code fix, which lists them.
    /// </summary>
    private static Diagnostic? SharesEveryTable(INamedTypeSymbol database, Compilation compilation, INamedTypeSymbol tableAttribute, INamedTypeSymbol databaseAttribute, System.Threading.CancellationToken cancellationToken)
    {
        var others = new List<string>();
        var tables = new List<INamedTypeSymbol>();
        foreach (ISymbol symbol in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type, cancellationToken))
        {
            if (symbol is not INamedTypeSymbol type)
                continue;
            foreach (AttributeData attribute in type.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, tableAttribute))
                    tables.Add(type);
                else if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, databaseAttribute) && !SymbolEqualityComparer.Default.Equals(type, database))
                    others.Add("'" + type.ToDisplayString() + "'");
            }
        }
        if (others.Count == 0)
            return null;
        tables.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name) is int byName and not 0 ? byName : string.CompareOrdinal(a.ToDisplayString(), b.ToDisplayString()));
        others.Sort(System.StringComparer.Ordinal);
        AttributeData? own = database.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, databaseAttribute));
        Location? location = own?.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? database.Locations.FirstOrDefault();
        string taken = tables.Count == 0 ? "none yet" : string.Join(", ", tables.Select(t => t.Name));
        var properties = ImmutableDictionary<string, string?>.Empty.Add("Tables", string.Join(";", tables.Select(t => t.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))));
        return Diagnostic.Create(DiagnosticDescriptors.DatabasesShareEveryTable, location, properties, database.Name, taken, string.Join(", ", others));
    }

    /// <summary>SQLG102 on the member that carries [References]: the record parameter, or the property.</summary>
    private static Diagnostic ForeignKeyWithoutIndex(INamedTypeSymbol type, EntityModel entity, ForeignKeyModel foreignKey)
    {
        string column = entity.Columns.FirstOrDefault(c => c.MemberName == foreignKey.MemberName)?.ColumnName ?? foreignKey.MemberName;
        return Diagnostic.Create(DiagnosticDescriptors.ForeignKeyWithoutIndex, MemberLocation(type, foreignKey.MemberName),
            type.Name, foreignKey.MemberName, entity.TableName, column, foreignKey.TargetTable);
    }

    /// <summary>The member's declaration in source, else the type's.</summary>
    private static Location? MemberLocation(INamedTypeSymbol type, string memberName) =>
        EntityParser.MemberLocation(type, memberName) is { IsInSource: true } location ? location : type.Locations.FirstOrDefault();

    private static IEnumerable<DiagnosticInfo> Deduplicate(IEnumerable<DiagnosticInfo> diagnostics)
    {
        var seen = new HashSet<string>();
        foreach (DiagnosticInfo diagnostic in diagnostics)
        {
            string key = diagnostic.Descriptor.Id + "|" + diagnostic.Location?.SourceSpan + "|" + string.Join("|", diagnostic.Arguments);
            if (seen.Add(key))
                yield return diagnostic;
        }
    }
}
