using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SqliteGen.Generator.Diagnostics;

namespace SqliteGen.Analyzers;

/// <summary>
/// SQL handed to ADO.NET in user code (<c>command.CommandText = ...</c>, <c>new SqliteCommand(sql, ...)</c>,
/// any <c>DbCommand</c> or <c>IDbCommand</c>): SQLG301 when the text is built from non-constant values
/// (interpolation, concatenation, <c>string.Format</c>/<c>Concat</c>), SQLG302 when constant SQL updates
/// or deletes without a WHERE clause.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SqlTextAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.SqlBuiltFromValues, DiagnosticDescriptors.WriteWithoutWhere);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            AdoNetSymbols symbols = AdoNetSymbols.Create(start.Compilation);
            if (symbols.DbCommand is null && symbols.IDbCommand is null)
                return;

            start.RegisterOperationAction(operation =>
            {
                var assignment = (ISimpleAssignmentOperation)operation.Operation;
                if (assignment.Target is IPropertyReferenceOperation { Property.Name: "CommandText" } property && symbols.IsCommand(property.Property.ContainingType))
                    CheckSql(operation.ReportDiagnostic, assignment.Value);
            }, OperationKind.SimpleAssignment);

            start.RegisterOperationAction(operation =>
            {
                var creation = (IObjectCreationOperation)operation.Operation;
                if (!symbols.IsCommand(creation.Type))
                    return;
                foreach (IArgumentOperation argument in creation.Arguments)
                {
                    if (argument.Parameter is { Name: "commandText" or "cmdText" } && argument.Parameter.Type.SpecialType == SpecialType.System_String)
                        CheckSql(operation.ReportDiagnostic, argument.Value);
                }
            }, OperationKind.ObjectCreation);
        });
    }

    private static void CheckSql(Action<Diagnostic> report, IOperation value)
    {
        IOperation sql = Unwrap(value);
        if (sql.ConstantValue is { HasValue: true, Value: string text })
        {
            if (FindWriteWithoutWhere(text) is (string verb, string table))
                report(Diagnostic.Create(DiagnosticDescriptors.WriteWithoutWhere, value.Syntax.GetLocation(), verb, table));
            return;
        }
        if (DescribeSplice(sql) is (string how, string what))
            report(Diagnostic.Create(DiagnosticDescriptors.SqlBuiltFromValues, value.Syntax.GetLocation(), how, what));
    }

    private static IOperation Unwrap(IOperation operation) => AdoNetSymbols.Unwrap(operation);

    /// <summary>How the text splices in a non-constant value, and that value's source; null when it does not.</summary>
    private static (string How, string What)? DescribeSplice(IOperation sql)
    {
        switch (sql)
        {
            case IInterpolatedStringOperation interpolated:
                IInterpolationOperation? hole = interpolated.Parts.OfType<IInterpolationOperation>().FirstOrDefault(h => !h.Expression.ConstantValue.HasValue);
                return hole is null ? null : ("an interpolated value", hole.Expression.Syntax.ToString());
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                IOperation? operand = Leaves(binary).FirstOrDefault(o => !o.ConstantValue.HasValue);
                return operand is null ? null : ("a concatenated value", operand.Syntax.ToString());
            case IInvocationOperation { TargetMethod: { ContainingType.SpecialType: SpecialType.System_String, Name: "Format" or "Concat" } method } invocation:
                IArgumentOperation? argument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal > 0 || method.Name == "Concat" ? !Unwrap(a.Value).ConstantValue.HasValue : false);
                return argument is null ? null : ($"a value passed to string.{method.Name}", argument.Value.Syntax.ToString());
            default:
                return null;
        }
    }

    private static System.Collections.Generic.IEnumerable<IOperation> Leaves(IOperation operation)
    {
        IOperation unwrapped = Unwrap(operation);
        if (unwrapped is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary && binary.Type?.SpecialType == SpecialType.System_String)
            return Leaves(binary.LeftOperand).Concat(Leaves(binary.RightOperand));
        return new[] { unwrapped };
    }

    private static readonly Regex s_write = new(@"^\s*(?<verb>UPDATE|DELETE\s+FROM)\s+(?:OR\s+\w+\s+)?(?<table>[\w.\[\]`]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_where = new(@"\bWHERE\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>The first UPDATE/DELETE statement in <paramref name="sql"/> without a WHERE, as (verb, table).</summary>
    internal static (string Verb, string Table)? FindWriteWithoutWhere(string sql)
    {
        // Quoted names and literals become blanks, so a 'where' inside them does not count (and a ';' inside them does not split).
        foreach (string statement in SqlStatements.Split(sql))
        {
            Match write = s_write.Match(statement);
            if (write.Success && !s_where.IsMatch(statement))
                return (Regex.Replace(write.Groups["verb"].Value.ToUpperInvariant(), @"\s+", " "), write.Groups["table"].Value);
        }
        return null;
    }
}
