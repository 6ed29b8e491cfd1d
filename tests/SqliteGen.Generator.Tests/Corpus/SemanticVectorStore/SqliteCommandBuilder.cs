// Corpus look-alike of microsoft/semantic-kernel:dotnet/src/Connectors/Connectors.Memory.Sqlite/SqliteVectorStoreCollectionCommandBuilder.cs (MIT): the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using System.Text;
using Microsoft.Data.Sqlite;

namespace SemanticKernel.Connectors.Sqlite;

internal static class SqliteCommandBuilder
{
    public static DbCommand BuildTableCountCommand(SqliteConnection connection, string tableName)
    {
        const string SystemTable = "sqlite_master";
        const string ParameterName = "@tableName";
        var query = $"SELECT count(*) FROM {SystemTable} WHERE type='table' AND name={ParameterName};";
        var command = connection.CreateCommand();
        command.CommandText = query;
        command.Parameters.Add(new SqliteParameter(ParameterName, tableName));
        return command;
    }

    public static DbCommand BuildCreateTableCommand(SqliteConnection connection, string tableName, IReadOnlyList<string> columns, bool ifNotExists)
    {
        var builder = new StringBuilder();
        builder.AppendLine($"CREATE TABLE {(ifNotExists ? "IF NOT EXISTS " : string.Empty)}\"{tableName}\" (");
        builder.AppendLine(string.Join(",\n", columns));
        builder.AppendLine(");");
        var command = connection.CreateCommand();
        command.CommandText = builder.ToString();
        return command;
    }

    public static DbCommand BuildDropTableCommand(SqliteConnection connection, string tableName)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"DROP TABLE IF EXISTS \"{tableName}\";";
        return command;
    }

    public static DbCommand BuildInsertCommand(SqliteConnection connection, string tableName, string keyColumn, IReadOnlyList<string> columnNames, IReadOnlyList<Dictionary<string, object?>> records)
    {
        var builder = new StringBuilder();
        var command = connection.CreateCommand();
        for (var recordIndex = 0; recordIndex < records.Count; recordIndex++)
        {
            var parameterNames = columnNames.Select(c => $"@{c}{recordIndex}").ToList();
            builder.AppendLine($"INSERT INTO \"{tableName}\" ({string.Join(", ", columnNames)})");
            builder.AppendLine($"VALUES ({string.Join(", ", parameterNames)})");
            builder.AppendLine($"RETURNING {keyColumn};");
            for (var i = 0; i < columnNames.Count; i++)
                command.Parameters.Add(new SqliteParameter(parameterNames[i], records[recordIndex][columnNames[i]]));
        }
        command.CommandText = builder.ToString();
        return command;
    }

    public static DbCommand BuildDeleteCommand(SqliteConnection connection, string tableName, string keyColumn, IReadOnlyList<object> keys)
    {
        var keyPlaceholders = string.Join(", ", keys.Select((_, index) => $"@{keyColumn}{index}"));
        var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM \"{tableName}\" WHERE \"{keyColumn}\" IN ({keyPlaceholders});";
        for (var index = 0; index < keys.Count; index++)
            command.Parameters.Add(new SqliteParameter($"@{keyColumn}{index}", keys[index]));
        return command;
    }

    public static DbCommand BuildSelectTopCommand(SqliteConnection connection, string tableName, int top, int skip)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{tableName}\" LIMIT {top} OFFSET {skip};"; // expect: SQLG301
        return command;
    }
}
