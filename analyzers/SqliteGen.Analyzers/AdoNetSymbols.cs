using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SqliteGen.Analyzers;

/// <summary>
/// The ADO.NET types the SQL and connection analyzers look for, resolved once per compilation
/// (null when the compilation does not reference them).
/// </summary>
internal sealed class AdoNetSymbols
{
    private AdoNetSymbols(Compilation compilation)
    {
        DbCommand = compilation.GetTypeByMetadataName("System.Data.Common.DbCommand");
        IDbCommand = compilation.GetTypeByMetadataName("System.Data.IDbCommand");
        SqliteConnection = compilation.GetTypeByMetadataName("Microsoft.Data.Sqlite.SqliteConnection");
        SQLiteConnection = compilation.GetTypeByMetadataName("System.Data.SQLite.SQLiteConnection");
        Dapper = compilation.GetTypeByMetadataName("Dapper.SqlMapper");
    }

    public static AdoNetSymbols Create(Compilation compilation) => new(compilation);

    public INamedTypeSymbol? DbCommand { get; }

    public INamedTypeSymbol? IDbCommand { get; }

    /// <summary>Microsoft.Data.Sqlite's connection.</summary>
    public INamedTypeSymbol? SqliteConnection { get; }

    /// <summary>A <c>DbCommand</c>, an <c>IDbCommand</c>, or a type deriving from or implementing either.</summary>
    public bool IsCommand(ITypeSymbol? type) =>
        type is not null
        && (InheritsFrom(type, DbCommand)
            || SymbolEqualityComparer.Default.Equals(type, IDbCommand)
            || (IDbCommand is not null && type.AllInterfaces.Contains(IDbCommand, SymbolEqualityComparer.Default)));

    /// <summary>System.Data.SQLite's connection.</summary>
    public INamedTypeSymbol? SQLiteConnection { get; }

    /// <summary>Dapper's extension methods on connections.</summary>
    public INamedTypeSymbol? Dapper { get; }

    /// <summary>Microsoft.Data.Sqlite's or System.Data.SQLite's connection.</summary>
    public bool IsSqliteConnection(ITypeSymbol? type) => type is not null && (InheritsFrom(type, SqliteConnection) || InheritsFrom(type, SQLiteConnection));

    public static bool InheritsFrom(ITypeSymbol type, INamedTypeSymbol? baseType)
    {
        for (ITypeSymbol? current = type; baseType is not null && current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
                return true;
        }
        return false;
    }

    /// <summary>The operand under implicit conversions (a string passed where <c>object</c> or <c>string?</c> is expected).</summary>
    public static IOperation Unwrap(IOperation operation) =>
        operation is IConversionOperation { IsImplicit: true } conversion ? Unwrap(conversion.Operand) : operation;
}
