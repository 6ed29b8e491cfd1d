using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// A TCP relay on a loopback port in front of a server's port that counts what clients send: round trips (each time a
/// client sends after the server last answered it, or first, is one: a pipelined batch is one, each wait for an answer
/// another) and the protocol's messages, by their type byte (<c>P</c> Parse, <c>B</c> Bind, <c>D</c> Describe,
/// <c>E</c> Execute, <c>S</c> Sync, <c>Q</c> a simple query, <c>C</c> Close: PostgreSQL's frontend messages), read from the
/// bytes as they pass.
/// </summary>
internal sealed class WireCounter : IAsyncDisposable
{
    /// <summary>The protocol version of a startup message: the untyped messages before it (an SSL or GSS request) have others.</summary>
    private const int StartupCode = 196608;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private readonly List<char> _messages = [];
    private int _roundTrips;

    public WireCounter(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _pumps.Add(AcceptAsync());
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int RoundTrips => Volatile.Read(ref _roundTrips);

    /// <summary>The type of every message clients sent after their startup, in order: "QBES" is a simple query, then Bind, Execute and Sync.</summary>
    public string Messages
    {
        get
        {
            lock (_messages)
                return new string(_messages.ToArray());
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var server = new TcpClient();
            await server.ConnectAsync(IPAddress.Loopback, _target);
            client.NoDelay = true;
            server.NoDelay = true;
            var connection = new Exchange();
            lock (_pumps)
            {
                _pumps.Add(PumpAsync(client, server, connection, fromClient: true));
                _pumps.Add(PumpAsync(server, client, connection, fromClient: false));
            }
        }
    }

    /// <summary>One relayed connection: whether the client has spoken since the server last answered, and where its messages stand.</summary>
    private sealed class Exchange
    {
        public bool ClientSpoke;

        /// <summary>The header of the client's current message, gathered so far: 5 bytes (type and length) once typed, 8 before (length and code).</summary>
        public readonly byte[] Header = new byte[8];
        public int HeaderBytes;
        public long BodyLeft;
        public bool Typed;
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, Exchange exchange, bool fromClient)
    {
        var buffer = new byte[65536];
        try
        {
            System.IO.Stream input = from.GetStream(), output = to.GetStream();
            int read;
            while ((read = await input.ReadAsync(buffer, _stop.Token)) > 0)
            {
                lock (exchange)
                {
                    if (fromClient && !exchange.ClientSpoke)
                        Interlocked.Increment(ref _roundTrips);
                    exchange.ClientSpoke = fromClient;
                    if (fromClient)
                        Parse(exchange, buffer.AsSpan(0, read));
                }
                await output.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or System.IO.IOException or ObjectDisposedException or SocketException)
        {
        }
        finally
        {
            from.Close();
            to.Close();
        }
    }

    /// <summary>Reads the message boundaries of what a client sent: untyped messages up to its startup, typed ones after it.</summary>
    private void Parse(Exchange exchange, ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            if (exchange.BodyLeft > 0)
            {
                int skip = (int)Math.Min(exchange.BodyLeft, data.Length);
                exchange.BodyLeft -= skip;
                data = data[skip..];
                continue;
            }
            int headerLength = exchange.Typed ? 5 : 8;
            int take = Math.Min(headerLength - exchange.HeaderBytes, data.Length);
            data[..take].CopyTo(exchange.Header.AsSpan(exchange.HeaderBytes));
            exchange.HeaderBytes += take;
            data = data[take..];
            if (exchange.HeaderBytes < headerLength)
                return;
            exchange.HeaderBytes = 0;
            if (exchange.Typed)
            {
                lock (_messages)
                    _messages.Add((char)exchange.Header[0]);
                exchange.BodyLeft = BinaryPrimitives.ReadInt32BigEndian(exchange.Header.AsSpan(1)) - 4;
            }
            else
            {
                exchange.BodyLeft = BinaryPrimitives.ReadInt32BigEndian(exchange.Header) - 8;
                exchange.Typed = BinaryPrimitives.ReadInt32BigEndian(exchange.Header.AsSpan(4)) == StartupCode;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Task[] pumps;
        lock (_pumps)
            pumps = _pumps.ToArray();
        await Task.WhenAll(pumps);
        _stop.Dispose();
    }
}
