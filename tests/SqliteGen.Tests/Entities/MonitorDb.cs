using System.Collections.Generic;
using System.Runtime.Serialization;

namespace SqliteGen.Tests.Entities;

// Keys and enums as SQLite users write them (a service monitor's file that a Python writer shares): a rowid-alias key
// the database assigns, an AUTOINCREMENT key, and enums stored by name with a CHECK of the names.

[SqliteDatabase(Tables = new[] { typeof(Service), typeof(Incident), typeof(HealthCheck) })]
public partial class MonitorDb
{
    [Query("SELECT * FROM services WHERE status = $status ORDER BY id")]
    public partial IReadOnlyList<Service> ServicesIn(Health status);

    [Query("SELECT status FROM services WHERE id = $id")]
    public partial Health? StatusOf(long id);

    // The seeds' own SQL: a timestamp against SQLite's datetime(); PostgreSQL has no datetime(), so it gets its own.
    [Query("SELECT * FROM checks WHERE started_ts < datetime('now', '-1 hour') ORDER BY started_ts")]
    [PostgreSqlQuery("SELECT * FROM checks WHERE started_ts < now() - interval '1 hour' ORDER BY started_ts")]
    public partial IReadOnlyList<HealthCheck> ChecksStartedOverAnHourAgo();

    [Query("SELECT * FROM checks WHERE started_ts >= $since ORDER BY started_ts DESC")]
    public partial IReadOnlyList<HealthCheck> ChecksSince(System.DateTimeOffset since);
}

[EnumAsText]
public enum Health { Healthy, Warning, Critical, NeedsReview }

[EnumAsText]
public enum Severity : byte { Low = 1, [EnumMember(Value = "SEV-1")] High = 9 }

[Table("services")]
public partial record Service(
    [PrimaryKey(Generated = true)] long Id,
    string Name,
    [Indexed] Health Status,
    Health? PreviousStatus);

[Table("incidents")]
public partial record Incident(
    [PrimaryKey(AutoIncrement = true)] long Id,
    [References(typeof(Service)), Indexed] long ServiceId,
    Severity Severity);

[Table("checks")]
public partial record HealthCheck(
    [PrimaryKey(Generated = true)] long Id,
    [Indexed] System.DateTimeOffset StartedTs,
    System.DateTime? FinishedAt);
