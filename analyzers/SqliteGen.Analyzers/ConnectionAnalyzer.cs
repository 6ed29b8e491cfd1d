using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SqliteGen.Generator.Diagnostics;

namespace SqliteGen.Analyzers;

/// <summary>
/// SQLG2xx on user code that uses Microsoft.Data.Sqlite directly. Each method body is read once, in source
/// order, following connections created in it, the commands made from them (<c>CreateCommand()</c>,
/// <c>new SqliteCommand(text, connection, transaction)</c>, <c>Connection</c>/<c>Transaction</c> assignments)
/// and the constant text those commands execute:
/// <list type="bullet">
/// <item>SQLG201: a connection created and opened in the method executes a command before
/// <c>PRAGMA journal_mode = WAL</c> has been executed on it. A connection the method did not create, one that
/// reached other code before its first use (an argument, a field, a return value), an in-memory one, a
/// read-only one and one in test code are not reported. A connection a factory method opens and returns is
/// reported in the factory: its callers run SQL on it.</item>
/// <item>SQLG202: command text that sets <c>PRAGMA busy_timeout</c> to zero or less.</item>
/// <item>SQLG203: a transaction begun with <c>deferred: true</c>, followed before its commit or rollback by an
/// INSERT/UPDATE/DELETE/REPLACE executed on its connection or through it.</item>
/// </list>
/// Branches and loops are not told apart: what comes earlier in the text counts as having happened. A method whose
/// syntax names nothing these rules need (<see cref="ConnectionNames"/>) is not walked.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConnectionAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.NotWal, DiagnosticDescriptors.BusyTimeoutZero, DiagnosticDescriptors.DeferredThenWrite);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            AdoNetSymbols symbols = AdoNetSymbols.Create(start.Compilation);
            if (symbols.DbCommand is null && symbols.IDbCommand is null)
                return;
            bool walAdvice = ServesConcurrentUsers(start.Compilation) && !ChoosesJournalMode(start.Compilation, start.CancellationToken);
            ConnectionNames names = ConnectionNames.Read(start.Compilation, walAdvice, start.CancellationToken);
            start.RegisterCodeBlockAction(block =>
            {
                // A declaration that names nothing a rule needs is skipped before its operation tree is built (most of a
                // project's code): reading its text binds nothing. A code block action, not an operation block action:
                // for the latter the driver builds the operation tree of every declaration before the action can skip it.
                if (!names.MayReport(new[] { block.CodeBlock }))
                    return;
                ImmutableArray<IOperation> operations = OperationsOf(block.CodeBlock, block.SemanticModel, block.CancellationToken);
                if (!operations.IsEmpty)
                    new MethodWalk(symbols, block.ReportDiagnostic, walAdvice && !IsTestCode(block.OwningSymbol)).Run(operations);
            });
        });
    }

    /// <summary>
    /// The operation tree of a code block (a method, constructor, accessor or top-level program body; a field or property
    /// initializer); when the block itself has none, those of its parts.
    /// </summary>
    private static ImmutableArray<IOperation> OperationsOf(SyntaxNode codeBlock, SemanticModel model, System.Threading.CancellationToken cancellationToken) =>
        model.GetOperation(codeBlock, cancellationToken) is IOperation whole
            ? ImmutableArray.Create(whole)
            : codeBlock.ChildNodes().Select(child => model.GetOperation(child, cancellationToken)).OfType<IOperation>().ToImmutableArray();

    /// <summary>
    /// SQLG201 is for a process that serves many users at once, where a writer blocking readers shows: an ASP.NET Core
    /// app or a hosted service (the types resolve). A console or desktop program, or a library on its own, is left alone.
    /// </summary>
    private static bool ServesConcurrentUsers(Compilation compilation) =>
        s_hostTypes.Any(name => compilation.GetTypeByMetadataName(name) is not null);

    /// <summary>
    /// Test code (a type or namespace named ...Test, ...Tests, ...TestBase, ...Fixture): one process setting up
    /// and reading its own file, where the journal mode changes nothing.
    /// </summary>
    private static bool IsTestCode(ISymbol symbol)
    {
        for (INamedTypeSymbol? type = symbol.ContainingType; type is not null; type = type.ContainingType)
        {
            if (s_testName.IsMatch(type.Name))
                return true;
        }
        for (INamespaceSymbol? ns = symbol.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            if (s_testName.IsMatch(ns.Name))
                return true;
        }
        return false;
    }

    private static readonly Regex s_testName = new(@"(?:Tests?|TestBase|Fixture)$", RegexOptions.CultureInvariant);

    private static readonly string[] s_hostTypes =
    {
        "Microsoft.AspNetCore.Builder.WebApplication",
        "Microsoft.AspNetCore.Mvc.ControllerBase",
        "Microsoft.AspNetCore.Http.HttpContext",
        "Microsoft.Extensions.Hosting.IHostedService",
    };

    /// <summary>
    /// True when the project's code names the journal mode anywhere (a pragma, System.Data.SQLite's "Journal Mode"
    /// connection-string key, an option): WAL is stored in the file, so one place that sets it covers every
    /// connection, and a project that picks another mode (DELETE before a backup, a documented option) chose it.
    /// </summary>
    private static bool ChoosesJournalMode(Compilation compilation, System.Threading.CancellationToken cancellationToken)
    {
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            string text = tree.GetText(cancellationToken).ToString();
            if (text.IndexOf("journal_mode", StringComparison.OrdinalIgnoreCase) >= 0 || text.IndexOf("Journal Mode", StringComparison.OrdinalIgnoreCase) >= 0
                || text.IndexOf("JournalMode", StringComparison.Ordinal) >= 0)
                return true;
        }
        return false;
    }

    private static readonly Regex s_walPragma = new(@"^\s*PRAGMA\s+(?:\w+\.)?journal_mode\s*(?:=|\()\s*['""]?WAL['""]?\s*\)?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_busyTimeout = new(@"^\s*PRAGMA\s+(?:\w+\.)?busy_timeout\s*(?:=|\()\s*'?(?<value>[-+]?\d+)'?\s*\)?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_write = new(@"^\s*(?:WITH\b.*\)\s*)?(?<verb>INSERT|UPDATE|DELETE|REPLACE)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
    private static readonly Regex s_memoryOrReadOnly = new(@":memory:|\bmode\s*=\s*(?:memory|readonly)\b|\bread\s*only\s*=\s*true\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>True when one of the statements sets the journal mode to WAL.</summary>
    internal static bool SetsWal(string? sql) => sql is not null && SqlStatements.Split(sql, keepLiterals: true).Any(s_walPragma.IsMatch);

    /// <summary>The first statement that sets busy_timeout to zero or less, trimmed; null when there is none.</summary>
    internal static string? FindBusyTimeoutOff(string sql) =>
        SqlStatements.Split(sql, keepLiterals: true)
            .Select(statement => (statement, match: s_busyTimeout.Match(statement)))
            .Where(s => s.match.Success && (!long.TryParse(s.match.Groups["value"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) || value <= 0))
            .Select(s => s.statement.Trim())
            .FirstOrDefault();

    /// <summary>The verb of the first INSERT/UPDATE/DELETE/REPLACE statement; null when the text does not write.</summary>
    internal static string? FindWrite(string? sql) =>
        sql is null ? null : SqlStatements.Split(sql).Select(s => s_write.Match(s)).Where(m => m.Success).Select(m => m.Groups["verb"].Value.ToUpperInvariant()).FirstOrDefault();

    /// <summary>What is known about a command: the connection and transaction it runs on and its constant text.</summary>
    private sealed class Command
    {
        public ISymbol? Connection;
        public ISymbol? Transaction;
        public string? Text;
    }

    /// <summary>A connection the method creates with <c>new SqliteConnection(...)</c>.</summary>
    private sealed class Connection
    {
        public Connection(IOperation created) => Created = created;

        public IOperation Created { get; }
        public bool Exempt;
        public IOperation? Open;
        public bool Escaped;
        public bool Wal;
        public bool Reported;
    }

    /// <summary>A transaction begun with <c>deferred: true</c>.</summary>
    private sealed class Transaction
    {
        public Transaction(IInvocationOperation begin, ISymbol? connection)
        {
            Begin = begin;
            Connection = connection;
        }

        public IInvocationOperation Begin { get; }
        public ISymbol? Connection { get; }
        public ISymbol? Local;
        public bool Ended;
        public bool Reported;
    }

    private sealed class MethodWalk
    {
        private readonly AdoNetSymbols _symbols;
        private readonly Action<Diagnostic> _report;
        private readonly Dictionary<ISymbol, Command> _commands = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<ISymbol, Connection> _connections = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<IOperation, Transaction> _transactions = new();
        private readonly bool _walAdvice;

        public MethodWalk(AdoNetSymbols symbols, Action<Diagnostic> report, bool walAdvice)
        {
            _symbols = symbols;
            _report = report;
            _walAdvice = walAdvice;
        }

        public void Run(ImmutableArray<IOperation> blocks)
        {
            // Pre-order, then a stable sort by position: source order, an operation before the ones inside it.
            foreach (IOperation operation in blocks.SelectMany(b => b.DescendantsAndSelf()).OrderBy(o => o.Syntax.SpanStart))
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation { Initializer.Value: IOperation value } declarator:
                        Bind(declarator.Symbol, value);
                        break;
                    case ISimpleAssignmentOperation assignment:
                        Assign(assignment);
                        break;
                    case IInvocationOperation invocation:
                        Invoke(invocation);
                        break;
                    case IObjectCreationOperation creation:
                        CheckText(creation.Arguments.Where(IsCommandTextArgument).Select(a => a.Value));
                        MarkEscapes(creation.Arguments, creation.Constructor);
                        break;
                    case IReturnOperation { ReturnedValue: IOperation returned }:
                        Returned(returned);
                        break;
                }
            }
        }

        private static bool IsCommandTextArgument(IArgumentOperation argument) =>
            argument.Parameter is { Name: "commandText" or "cmdText", Type.SpecialType: SpecialType.System_String };

        /// <summary>A local now holds <paramref name="value"/>: a new connection, a command, or a deferred transaction.</summary>
        private void Bind(ILocalSymbol local, IOperation value)
        {
            IOperation unwrapped = AdoNetSymbols.Unwrap(value);
            _connections.Remove(local);
            _commands.Remove(local);
            if (unwrapped is IObjectCreationOperation creation && _symbols.IsSqliteConnection(creation.Type))
            {
                string connectionString = string.Join(";", creation.Arguments.Select(a => KnownConnectionString(a.Value)));
                _connections[local] = new Connection(creation) { Exempt = s_memoryOrReadOnly.IsMatch(connectionString) };
            }
            else if (ResolveCommand(unwrapped) is Command command)
            {
                _commands[local] = command;
            }
            else if (DeferredBegin(unwrapped) is Transaction transaction)
            {
                transaction.Local = local;
            }
        }

        private void Assign(ISimpleAssignmentOperation assignment)
        {
            if (assignment.Target is ILocalReferenceOperation local)
            {
                Bind(local.Local, assignment.Value);
                return;
            }
            CheckOptionsBusyTimeout(assignment);
            if (assignment.Target is not IPropertyReferenceOperation { Property: { } property } target || !_symbols.IsCommand(property.ContainingType))
            {
                MarkEscape(assignment.Value); // a connection stored in a field or property is used elsewhere
                return;
            }
            Command? command = target.Instance is null ? null : Tracked(target.Instance);
            switch (property.Name)
            {
                case "CommandText":
                    CheckText(new[] { assignment.Value });
                    if (command is not null)
                        command.Text = Constant(assignment.Value);
                    break;
                case "Connection" when command is not null:
                    command.Connection = Referenced(assignment.Value);
                    break;
                case "Transaction" when command is not null:
                    command.Transaction = Referenced(assignment.Value);
                    break;
            }
        }

        private void Invoke(IInvocationOperation invocation)
        {
            MarkEscapes(invocation.Arguments, invocation.TargetMethod);
            CheckRawBusyTimeout(invocation);
            IOperation? instance = invocation.Instance is null ? null : AdoNetSymbols.Unwrap(invocation.Instance);
            string name = invocation.TargetMethod.Name;
            if (instance is null)
                return;
            if (name is "Open" or "OpenAsync" && Referenced(instance) is ISymbol opened && _connections.TryGetValue(opened, out Connection? connection))
            {
                connection.Open ??= invocation;
            }
            else if (name.StartsWith("Execute", StringComparison.Ordinal) && _symbols.IsCommand(instance.Type) && (Tracked(instance) ?? ResolveCommand(instance)) is Command command)
            {
                Executed(command, invocation);
            }
            else if (name is "Commit" or "CommitAsync" or "Rollback" or "RollbackAsync" && Referenced(instance) is ISymbol ended)
            {
                foreach (Transaction transaction in _transactions.Values.Where(t => SymbolEqualityComparer.Default.Equals(t.Local, ended)))
                    transaction.Ended = true;
            }
            else
            {
                DeferredBegin(invocation);
            }
        }

        /// <summary>A command ran: it may set WAL, be the first use of a connection without it (SQLG201), or write in a deferred transaction (SQLG203).</summary>
        private void Executed(Command command, IInvocationOperation execute)
        {
            ISymbol? connectionSymbol = command.Connection ?? _transactions.Values.FirstOrDefault(t => command.Transaction is not null && SymbolEqualityComparer.Default.Equals(t.Local, command.Transaction))?.Connection;
            if (connectionSymbol is not null && _connections.TryGetValue(connectionSymbol, out Connection? connection) && connection.Open is not null)
            {
                if (SetsWal(command.Text))
                    connection.Wal = true;
                else
                    Used(connectionSymbol, connection);
            }

            if (FindWrite(command.Text) is not string verb)
                return;
            foreach (Transaction transaction in _transactions.Values)
            {
                bool onIt = (transaction.Local is not null && SymbolEqualityComparer.Default.Equals(transaction.Local, command.Transaction))
                    || (transaction.Connection is not null && SymbolEqualityComparer.Default.Equals(transaction.Connection, connectionSymbol));
                if (!onIt || transaction.Ended || transaction.Reported)
                    continue;
                transaction.Reported = true;
                string transactionName = transaction.Local?.Name ?? transaction.Begin.Syntax.ToString();
                _report(Diagnostic.Create(DiagnosticDescriptors.DeferredThenWrite, transaction.Begin.Syntax.GetLocation(), new[] { execute.Syntax.GetLocation() },
                    transactionName, transaction.Connection?.Name ?? "?", verb));
            }
        }

        /// <summary>A connection created here runs SQL (a command, Dapper, or a method of the project it is handed to): SQLG201 unless WAL is set.</summary>
        private void Used(ISymbol symbol, Connection connection)
        {
            if (!_walAdvice || connection.Wal || connection.Exempt || connection.Escaped || connection.Reported)
                return;
            connection.Reported = true;
            _report(Diagnostic.Create(DiagnosticDescriptors.NotWal, (connection.Open ?? connection.Created).Syntax.GetLocation(), symbol.Name));
        }

        /// <summary>The deferred transaction begun by <paramref name="operation"/> (created on first sight); null for anything else.</summary>
        private Transaction? DeferredBegin(IOperation operation)
        {
            if (operation is not IInvocationOperation { TargetMethod.Name: "BeginTransaction", Instance: IOperation instance } invocation
                || !_symbols.IsSqliteConnection(invocation.TargetMethod.ContainingType)
                || !invocation.Arguments.Any(a => a.Parameter?.Name == "deferred" && AdoNetSymbols.Unwrap(a.Value).ConstantValue is { HasValue: true, Value: true }))
                return null;
            if (!_transactions.TryGetValue(invocation, out Transaction? transaction))
                _transactions[invocation] = transaction = new Transaction(invocation, Referenced(instance));
            return transaction;
        }

        /// <summary>The command a local, parameter or field already tracked here refers to.</summary>
        private Command? Tracked(IOperation operation) =>
            Referenced(operation) is ISymbol symbol && _commands.TryGetValue(symbol, out Command? command) ? command : null;

        /// <summary>A command made right here: <c>connection.CreateCommand()</c> or <c>new SqliteCommand(...) { ... }</c>.</summary>
        private Command? ResolveCommand(IOperation operation)
        {
            switch (AdoNetSymbols.Unwrap(operation))
            {
                case IInvocationOperation { TargetMethod.Name: "CreateCommand", Instance: IOperation connection } invocation when _symbols.IsCommand(invocation.Type):
                    return new Command { Connection = Referenced(connection) };
                case IObjectCreationOperation creation when _symbols.IsCommand(creation.Type):
                    var command = new Command();
                    foreach (IArgumentOperation argument in creation.Arguments)
                    {
                        if (IsCommandTextArgument(argument))
                            command.Text = Constant(argument.Value);
                        else if (argument.Parameter?.Name == "connection")
                            command.Connection = Referenced(argument.Value);
                        else if (argument.Parameter?.Name == "transaction")
                            command.Transaction = Referenced(argument.Value);
                    }
                    foreach (ISimpleAssignmentOperation member in creation.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>() ?? Enumerable.Empty<ISimpleAssignmentOperation>())
                    {
                        switch ((member.Target as IPropertyReferenceOperation)?.Property.Name)
                        {
                            case "CommandText": command.Text = Constant(member.Value); break;
                            case "Connection": command.Connection = Referenced(member.Value); break;
                            case "Transaction": command.Transaction = Referenced(member.Value); break;
                        }
                    }
                    return command;
                case ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation:
                    return Tracked(operation);
                default:
                    return null;
            }
        }

        /// <summary>
        /// A connection the method created, handed to a library outside ADO.NET (an ORM, a pool), may be configured
        /// there: it is not reported. Handed to Dapper or to a method of the project itself, it is used there: the
        /// project sets no journal mode anywhere (else SQLG201 is off), so the helper does not set WAL either.
        /// </summary>
        private void MarkEscapes(ImmutableArray<IArgumentOperation> arguments, IMethodSymbol? method)
        {
            string? ns = method?.ContainingNamespace?.ToDisplayString();
            if (ns is not null && (ns == "Microsoft.Data.Sqlite" || ns == "System.Data" || ns.StartsWith("System.Data.", StringComparison.Ordinal)))
                return;
            bool runsSql = method is not null
                && (!method.DeclaringSyntaxReferences.IsEmpty || SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.Dapper));
            foreach (IArgumentOperation argument in arguments)
            {
                if (runsSql && Referenced(argument.Value) is ISymbol symbol && _connections.TryGetValue(symbol, out Connection? connection))
                    Used(symbol, connection);
                else
                    MarkEscape(argument.Value);
            }
        }

        /// <summary>
        /// A connection opened here and returned is made by a factory of the project (<c>OpenConnectionAsync()</c>):
        /// its callers run SQL on it, and the project sets no journal mode anywhere, so it is reported here, the one
        /// place the fix covers them all. One returned unopened is the caller's to open and configure.
        /// </summary>
        private void Returned(IOperation value)
        {
            if (Referenced(value) is ISymbol symbol && _connections.TryGetValue(symbol, out Connection? connection) && connection.Open is not null && !connection.Escaped)
                Used(symbol, connection);
            else
                MarkEscape(value);
        }

        private void MarkEscape(IOperation value)
        {
            if (Referenced(value) is ISymbol symbol && _connections.TryGetValue(symbol, out Connection? connection))
                connection.Escaped = true;
        }

        /// <summary>SQLG202 for SQLitePCLRaw's <c>raw.sqlite3_busy_timeout(db, ms)</c> with a constant ms of zero or less.</summary>
        private void CheckRawBusyTimeout(IInvocationOperation invocation)
        {
            if (invocation.TargetMethod is { Name: "sqlite3_busy_timeout", ContainingType: { Name: "raw", ContainingNamespace.Name: "SQLitePCL" } }
                && invocation.Arguments.Length == 2
                && AdoNetSymbols.Unwrap(invocation.Arguments[1].Value).ConstantValue is { HasValue: true, Value: int milliseconds }
                && milliseconds <= 0)
                _report(Diagnostic.Create(DiagnosticDescriptors.BusyTimeoutZero, invocation.Syntax.GetLocation(), invocation.Syntax.ToString()));
        }

        /// <summary>SQLG202 for <c>SqliteGenOptions.BusyTimeout</c> set to <c>TimeSpan.Zero</c> or <c>TimeSpan.From…(n)</c> with a constant n of zero or less.</summary>
        private void CheckOptionsBusyTimeout(ISimpleAssignmentOperation assignment)
        {
            if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "BusyTimeout", ContainingType: { Name: "SqliteGenOptions", ContainingNamespace.Name: "SqliteGen" } } })
                return;
            bool zero = AdoNetSymbols.Unwrap(assignment.Value) switch
            {
                IFieldReferenceOperation { Field: { Name: "Zero", ContainingType.Name: "TimeSpan" } } => true,
                IInvocationOperation { TargetMethod: { ContainingType.Name: "TimeSpan" } method, Arguments.Length: 1 } from when method.Name.StartsWith("From", StringComparison.Ordinal) =>
                    AdoNetSymbols.Unwrap(from.Arguments[0].Value).ConstantValue is { HasValue: true, Value: var value } && Convert.ToDouble(value, CultureInfo.InvariantCulture) <= 0,
                _ => false,
            };
            if (zero)
                _report(Diagnostic.Create(DiagnosticDescriptors.BusyTimeoutZero, assignment.Syntax.GetLocation(), assignment.Syntax.ToString()));
        }

        private void CheckText(IEnumerable<IOperation> values)
        {
            foreach (IOperation value in values)
            {
                if (Constant(value) is string text && FindBusyTimeoutOff(text) is string statement)
                    _report(Diagnostic.Create(DiagnosticDescriptors.BusyTimeoutZero, value.Syntax.GetLocation(), statement));
            }
        }

        /// <summary>
        /// What is known of a connection string: a constant, the constant parts of an interpolation or concatenation,
        /// or the Mode and DataSource set in a <c>new SqliteConnectionStringBuilder { ... }.ToString()</c>.
        /// </summary>
        private static string KnownConnectionString(IOperation value)
        {
            IOperation operation = AdoNetSymbols.Unwrap(value);
            if (Constant(operation) is string text)
                return text;
            switch (operation)
            {
                case IInterpolatedStringOperation interpolated:
                    return string.Join(" ", interpolated.Parts.OfType<IInterpolatedStringTextOperation>().Select(p => Constant(p.Text)));
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                    return KnownConnectionString(binary.LeftOperand) + " " + KnownConnectionString(binary.RightOperand);
                case IInvocationOperation { TargetMethod.Name: "ToString", Instance: IObjectCreationOperation { Initializer: { } initializer } }:
                    return string.Join(";", initializer.Initializers.OfType<ISimpleAssignmentOperation>().Select(member =>
                        (member.Target as IPropertyReferenceOperation)?.Property.Name switch
                        {
                            "Mode" when AdoNetSymbols.Unwrap(member.Value) is IFieldReferenceOperation mode => "Mode=" + mode.Field.Name,
                            "DataSource" => KnownConnectionString(member.Value),
                            _ => "",
                        }));
                default:
                    return "";
            }
        }

        private static string? Constant(IOperation value) => AdoNetSymbols.Unwrap(value).ConstantValue is { HasValue: true, Value: string text } ? text : null;

        private static ISymbol? Referenced(IOperation operation) => AdoNetSymbols.Unwrap(operation) switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
    }
}
