using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen.CrashWorker;

/// <summary>
/// Mode <c>tenants BASEFILE ROUND SEED</c>: three writers create tenant files (the first <c>ForTenant(id)</c> of an id
/// creates and migrates its file) and write to new and existing tenants, with at most four tenant files kept open, so
/// files are also closed (checkpointed) and reopened all the time. Acknowledgements on stdout, each after the call
/// returned: <c>C tenant;</c> (a <c>ForTenant</c> of a new id returned: the file exists at the current version),
/// <c>N tenant key;</c> (a note inserted), <c>F tenant key;</c> (a fact <c>k{key}</c> inserted),
/// <c>T tenant key;</c> (a transaction of note <c>key</c> and fact <c>k{key}</c>). New ids are
/// <c>r{ROUND}-{writer}-{n}</c>; existing ids are the tenant files found at start and those created since.
/// </summary>
internal static class TenantCrashWorker
{
    private const int Writers = 3;

    public static int Run(string basePath, int round, int seed)
    {
        Program.ExitWhenParentGoes();
        var known = new List<string>();
        string folder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(basePath))!, "tenants");
        if (Directory.Exists(folder))
        {
            foreach (string file in Directory.EnumerateFiles(folder, "*" + TenantFiles.Extension))
            {
                string id = Path.GetFileNameWithoutExtension(file);
                if (TenantFiles.IsValid(id))
                    known.Add(id);
            }
        }
        known.Sort(StringComparer.Ordinal);
        try
        {
            using TenantCrashDb db = TenantCrashDb.Open(basePath, SqliteGenOptions.Default with { MaxOpenTenants = 4 });
            var writers = new Task<bool>[Writers];
            for (int w = 0; w < Writers; w++)
            {
                int writer = w;
                writers[w] = Task.Factory.StartNew(() => Write(db, known, round, writer, new Random(seed + writer)), TaskCreationOptions.LongRunning);
            }
            Task.WaitAll(writers);
            return 3;
        }
        catch (Exception error)
        {
            Program.ReportError(error);
            Console.Error.WriteLine(error);
            return 3;
        }
    }

    private static bool Write(TenantCrashDb db, List<string> known, int round, int writer, Random random)
    {
        long key = round * 1_000_000_000L + writer * 10_000_000L;
        int created = 0;
        try
        {
            while (true)
            {
                string tenant;
                bool isNew;
                lock (known)
                {
                    isNew = known.Count == 0 || random.Next(5) < 2;
                    tenant = isNew ? string.Create(CultureInfo.InvariantCulture, $"r{round:D3}-{writer}-{created++:D4}") : known[random.Next(known.Count)];
                }
                using (TenantCrashDb.TenantView view = db.ForTenant(tenant))
                {
                    if (isNew)
                    {
                        Ack($"C {tenant}");
                        lock (known)
                            known.Add(tenant);
                    }
                    for (int writes = random.Next(1, 4); writes > 0; writes--)
                    {
                        key++;
                        switch (random.Next(4))
                        {
                            case 0:
                                view.Facts.Insert(Facts.Of("k" + key, tenant, 0));
                                Ack($"F {tenant} {key}");
                                break;
                            case 1:
                                long inTransaction = key;
                                view.Write(tx =>
                                {
                                    tx.TenantNotes.Insert(new TenantNote(inTransaction, Payloads.InTransaction(inTransaction, 0)));
                                    tx.Facts.Insert(Facts.Of("k" + inTransaction, tenant, 0));
                                });
                                Ack($"T {tenant} {key}");
                                break;
                            default:
                                view.TenantNotes.Insert(new TenantNote(key, Payloads.For(key, 0)));
                                Ack($"N {tenant} {key}");
                                break;
                        }
                    }
                }
            }
        }
        catch (Exception error)
        {
            Program.ReportError(error);
            return false;
        }
    }

    private static void Ack(string line) => Console.Out.WriteLine(line + ";");
}
