using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using SQLitePCL;

namespace SqliteGen.Benchmarks;

/// <summary>
/// SqliteGen's checkpoint policy written by hand for the other sides, so a write benchmark can compare code with code
/// under one policy: the writer's WAL hook replaces SQLite's inline autocheckpoint (every 1,000 frames, inside the
/// commit that crosses the mark); when the commits have added <see cref="FramesPerCheckpoint"/> frames a thread of its
/// own runs <c>wal_checkpoint(PASSIVE)</c> on a connection of its own, then a second pass while holding
/// <see cref="WriterGate"/> so the checkpoint completes and the WAL restarts. This is what the pool's
/// <c>BackgroundCheckpointer</c> does, in the fewest lines that do it.
/// </summary>
public sealed unsafe class BackgroundCheckpoint : IDisposable
{
    /// <summary>The pool's value (<c>BackgroundCheckpointer.FramesPerCheckpoint</c>).</summary>
    public const int FramesPerCheckpoint = 4000;

    private readonly string _path;
    private readonly object _sync = new();
    private GCHandle _self;
    private sqlite3? _connection;
    private int _framesWhenScheduled; // writer thread only
    private int _scheduled;
    private bool _disposed;

    /// <summary>Installs the policy on <paramref name="writer"/>, the writing connection of the file at <paramref name="path"/>.</summary>
    public BackgroundCheckpoint(sqlite3 writer, string path)
    {
        _path = path;
        _self = GCHandle.Alloc(this);
        sqlite3_wal_hook(writer.DangerousGetHandle(), &OnCommit, GCHandle.ToIntPtr(_self));
    }

    /// <summary>Held by every write of the side, and by the checkpoint's second pass.</summary>
    public object WriterGate { get; } = new();

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static int OnCommit(IntPtr argument, IntPtr db, byte* name, int frames)
    {
        var self = (BackgroundCheckpoint)GCHandle.FromIntPtr(argument).Target!;
        if (frames < self._framesWhenScheduled)
            self._framesWhenScheduled = 0; // the WAL restarted
        if (frames - self._framesWhenScheduled >= FramesPerCheckpoint && Interlocked.CompareExchange(ref self._scheduled, 1, 0) == 0)
        {
            self._framesWhenScheduled = frames;
            new Thread(static s => ((BackgroundCheckpoint)s!).Run()) { IsBackground = true }.UnsafeStart(self);
        }
        return raw.SQLITE_OK;
    }

    private void Run()
    {
        try
        {
            lock (_sync)
            {
                if (_disposed)
                    return;
                if (_connection is null)
                {
                    Check(raw.sqlite3_open_v2(_path, out _connection, raw.SQLITE_OPEN_READWRITE, null));
                    raw.sqlite3_busy_timeout(_connection, 5000);
                }
                if (Passive() == raw.SQLITE_OK && Monitor.TryEnter(WriterGate, TimeSpan.FromMilliseconds(200)))
                {
                    try { Check(Passive()); }
                    finally { Monitor.Exit(WriterGate); }
                }
            }
        }
        finally
        {
            Volatile.Write(ref _scheduled, 0);
        }
    }

    private int Passive() => raw.sqlite3_wal_checkpoint_v2(_connection!, "main", raw.SQLITE_CHECKPOINT_PASSIVE, out _, out _);

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK && rc != raw.SQLITE_BUSY)
            throw new InvalidOperationException($"checkpoint of {_path} failed: {rc}");
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _disposed = true;
            _connection?.Dispose();
            _connection = null;
        }
        // The hook stays installed until the writer closes; the handle outlives it (the store disposes the writer next).
    }

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    private static extern IntPtr sqlite3_wal_hook(IntPtr db, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, byte*, int, int> callback, IntPtr argument);
}

/// <summary>
/// A side (<see cref="HandWrittenStore"/> or <see cref="RawStore"/>) under <see cref="BackgroundCheckpoint"/>: each
/// write holds the writer gate, as every write through SqliteGen's pool does; reads pass through.
/// </summary>
public sealed class BackgroundCheckpointStore(IBenchStore inner, BackgroundCheckpoint checkpoint) : IBenchStore
{
    private readonly object _gate = checkpoint.WriterGate;

    public object? Get(Guid orderId) => inner.Get(orderId);
    public object? FindByReference(string reference) => inner.FindByReference(reference);
    public ICollection FindByCustomer(string customer) => inner.FindByCustomer(customer);
    public ICollection FindParcels(string carrier) => inner.FindParcels(carrier);
    public object Row(Order order) => inner.Row(order);
    public object Rows(List<Order> orders) => inner.Rows(orders);
    public void Insert(object row) { lock (_gate) inner.Insert(row); }
    public int InsertMany(object rows) { lock (_gate) return inner.InsertMany(rows); }
    public bool Update(object row) { lock (_gate) return inner.Update(row); }
    public bool Delete(Guid orderId) { lock (_gate) return inner.Delete(orderId); }
    public string SqliteVersion() => inner.SqliteVersion();

    public void Dispose()
    {
        checkpoint.Dispose();
        inner.Dispose();
    }
}
